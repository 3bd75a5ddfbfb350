/**
 * The pure validator of a function's (and a stack's) settings against the AWS Lambda limits: it
 * reports what AWS (or Pulumi) would reject before `pulumi preview` gets there. The limits
 * themselves, with their sources, are data in `limits.ts`.
 *
 * Every validator returns a list of {@link Violation}s, collecting every problem; none throws, whatever
 * it is given (NaN, strings where numbers belong, null, …). Message format, used by every rule:
 *
 *   error:   `<path>: got <value>, allowed <what is allowed>[; <hint>]`
 *   warning: `<path>: got <value>, allowed <what is allowed>, but <risk>[; <hint>]`
 */
import { ARCHITECTURES, AccountQuotas, FunctionSettings, ValidateOptions } from "./types";
import { Collector, got, isFiniteNumber, isInt, isRecord, plural, show, type Violation } from "./violations";
import { checkRuntime, LAMBDA_RUNTIMES } from "./runtimes";
import { ALIAS_NAME_PATTERN, AWS_ERROR_TEXT, ENVIRONMENT_KEY_PATTERN, FUNCTION_NAME_PATTERN, LAMBDA_LIMITS, LAYER_ARN_PATTERN, LOG_RETENTION_DAYS, RESERVED_ENVIRONMENT_KEYS, VERSION_PATTERN, isRoutingWeight, maxReservableConcurrency, unreservedConcurrencyFloor } from "./limits";

/**
 * Size Lambda counts against the 4 KB environment quota: UTF-8 bytes of `JSON.stringify(env)` (no
 * whitespace: keys, values, quotes, commas, braces). `undefined` (no variables) is 0.
 */
export function environmentBytes(env: Readonly<Record<string, string>> | undefined): number {
  if (env === undefined) return 0;
  const json = JSON.stringify(env);
  return json === undefined ? 0 : utf8Length(json);
}

/**
 * An invocation payload size: synchronous ≤ 6,291,456 bytes (6 MB, request and response each),
 * asynchronous ≤ 1,048,576 bytes (1 MB). Rule `lambda.payload.sync` / `lambda.payload.async`.
 */
export function validatePayloadBytes(bytes: unknown, invocation: "sync" | "async", path: string): Violation[] {
  const c = new Collector();
  const max = invocation === "sync" ? LAMBDA_LIMITS.syncPayloadMaxBytes : LAMBDA_LIMITS.asyncPayloadMaxBytes;
  const label = invocation === "sync" ? "6 MB, synchronous invocation" : "1 MB, asynchronous invocation";
  if (!isInt(bytes) || bytes < 0 || bytes > max) {
    c.error(path, bytes, `lambda.payload.${invocation}`, `integer 0–${groupDigits(max)} bytes (${label})`, {
      got: isInt(bytes) ? `${groupDigits(bytes)} bytes` : got(bytes, "number"),
      hint: isInt(bytes) && bytes > max ? "pass a reference to S3 instead of the data itself" : undefined,
    });
  }
  return c.out;
}

/** CloudWatch Logs retention: `undefined`/`null` (never expire) or one of {@link LOG_RETENTION_DAYS}. */
export function validateLogRetentionDays(days: unknown, path: string): Violation[] {
  const c = new Collector();
  if (days === undefined || days === null) return c.out;
  if (!(LOG_RETENTION_DAYS as readonly unknown[]).includes(days)) {
    c.error(path, days, "logs.retentionDays.allowed", `one of ${LOG_RETENTION_DAYS.join(", ")} days`, {
      got: got(days, "number"),
      hint: "omit it to keep logs forever",
    });
  }
  return c.out;
}

/**
 * A Lambda function name: 1–64 characters of `[a-zA-Z0-9-_]`. With `autoNamed` (the default) `name` is
 * the Pulumi logical name and the physical name is `<name>-<7 hex>`, so more than 56 characters fails at
 * preview with Pulumi's `name '<name>-' plus 7 random chars is longer than maximum length 64`.
 */
export function validateFunctionName(name: unknown, path: string, opts?: { readonly autoNamed?: boolean }): Violation[] {
  const c = new Collector();
  const autoNamed = !isRecord(opts) || opts.autoNamed !== false;
  const L = LAMBDA_LIMITS;
  const chars = "characters of a-z, A-Z, 0-9, - and _";
  if (typeof name !== "string") {
    c.error(path, name, "lambda.functionName.pattern", `1–${L.functionNameMaxLength} ${chars}`, { got: got(name, "string") });
    return c.out;
  }
  const length = name.length;
  if (length === 0 || length > L.functionNameMaxLength) {
    c.error(path, name, "lambda.functionName.length", `1–${L.functionNameMaxLength} characters`, {
      got: `${show(name)} (${length} characters)`,
      hint: autoNamed ? `Pulumi auto-naming adds "-" + 7 characters, so keep it ≤ ${L.autoNameLogicalNameMaxLength}` : undefined,
    });
  } else if (autoNamed && length > L.autoNameLogicalNameMaxLength) {
    c.error(path, name, "pulumi.autoName.length", `1–${L.autoNameLogicalNameMaxLength} characters for an auto-named function`, {
      got: `${show(name)} (${length} characters)`,
      hint: `Pulumi appends "-" and ${L.autoNameRandomSuffixLength} random characters and fails at preview with "${AWS_ERROR_TEXT.pulumiAutoName(name)}"; shorten it or set an explicit physical name`,
    });
  }
  if (length > 0 && !FUNCTION_NAME_PATTERN.test(name)) {
    c.error(path, name, "lambda.functionName.pattern", chars, { got: show(name) });
  }
  return c.out;
}

/** An alias name: 1–128 characters of `[a-zA-Z0-9-_]`, not all digits, never `$LATEST`. */
export function validateAliasName(name: unknown, path: string): Violation[] {
  const c = new Collector();
  const max = LAMBDA_LIMITS.aliasNameMaxLength;
  const allowedChars = "characters of a-z, A-Z, 0-9, - and _, not all digits, not $LATEST";
  if (typeof name !== "string") {
    c.error(path, name, "lambda.alias.name.pattern", `1–${max} ${allowedChars}`, { got: got(name, "string") });
    return c.out;
  }
  if (name.length === 0 || name.length > max) {
    c.error(path, name, "lambda.alias.name.length", `1–${max} characters`, { got: `${show(name)} (${name.length} characters)` });
  }
  if (name.length > 0 && !ALIAS_NAME_PATTERN.test(name)) {
    const why =
      name === "$LATEST"
        ? "$LATEST is the unpublished version, not an alias"
        : /^[0-9]+$/.test(name)
          ? "an all-digit name would be read as a version number"
          : undefined;
    c.error(path, name, "lambda.alias.name.pattern", allowedChars, { got: show(name), hint: why });
  }
  return c.out;
}

/**
 * Every problem of one function's settings. Paths start with `opts.pathPrefix`, default
 * `functions.<name>`. Account problems are reported under `account.*`, an invalid `opts.today` under
 * `options.today`.
 */
export function validateFunction(fn: FunctionSettings, account?: AccountQuotas, opts?: ValidateOptions): Violation[] {
  const c = new Collector();
  const o: ValidateOptions = isRecord(opts) ? opts : {};
  const acct = resolveAccount(account, c);
  const f: Record<string, unknown> = isRecord(fn) ? fn : {};
  const prefix = typeof o.pathPrefix === "string" && o.pathPrefix !== "" ? o.pathPrefix : `functions.${nameForPath(f.name)}`;
  if (!isRecord(fn)) {
    c.error(prefix, fn, "lambda.settings.type", "an object of function settings", { got: got(fn, "object") });
    return c.out;
  }
  new FunctionChecker(f, acct, o, prefix, c).run();
  return c.out;
}

/**
 * Every per-function problem plus the cross-function rules: Σ reserved concurrency (plus provisioned
 * concurrency of functions without a reservation) ≤ account concurrency − 100, and unique names.
 * `opts.pathPrefix` is the prefix of the functions map (default `functions`).
 */
export function validateStack(fns: FunctionSettings[], account?: AccountQuotas, opts?: ValidateOptions): Violation[] {
  const o: ValidateOptions = isRecord(opts) ? opts : {};
  const prefix = typeof o.pathPrefix === "string" && o.pathPrefix !== "" ? o.pathPrefix : "functions";
  const c = new Collector();
  if (!Array.isArray(fns)) {
    c.error(prefix, fns, "lambda.stack.type", "a list of function settings", { got: got(fns, "list") });
    return c.out;
  }
  const pathOf = (fn: unknown, i: number) => {
    const name = isRecord(fn) ? fn.name : undefined;
    return typeof name === "string" && name !== "" ? `${prefix}.${name}` : `${prefix}[${i}]`;
  };

  const all: Violation[] = [];
  fns.forEach((fn, i) => all.push(...validateFunction(fn, account, { ...o, pathPrefix: pathOf(fn, i) })));

  // Duplicate names: two functions with one logical name collide (duplicate URN / same physical name).
  const byName = new Map<string, number[]>();
  fns.forEach((fn, i) => {
    const name = isRecord(fn) ? fn.name : undefined;
    if (typeof name === "string" && name !== "") byName.set(name, [...(byName.get(name) ?? []), i]);
  });
  for (const [name, indexes] of byName) {
    if (indexes.length < 2) continue;
    c.error(`${prefix}.${name}.name`, name, "lambda.functionName.duplicate", "a name used by one function only", {
      got: `${show(name)} for functions #${indexes.map((i) => i + 1).join(", #")}`,
      hint: "two functions with one name collide in Pulumi (duplicate URN) and in AWS",
    });
  }

  // Σ reserved ≤ limit − floor. Functions without a reservation draw their provisioned concurrency from
  // the same unreserved pool, so it counts too.
  // Reported here too, so that an invalid account shows even for an empty stack (duplicates dropped below).
  const acct = resolveAccount(account, c);
  if (acct.concurrencyLimit !== undefined) {
    const parts: { name: string; amount: number; kind: string }[] = [];
    fns.forEach((fn, i) => {
      if (!isRecord(fn)) return;
      const name = typeof fn.name === "string" && fn.name !== "" ? fn.name : `#${i + 1}`;
      if (isInt(fn.reservedConcurrency) && fn.reservedConcurrency >= 0) {
        if (fn.reservedConcurrency > 0) parts.push({ name, amount: fn.reservedConcurrency, kind: "reserved" });
      } else if (fn.reservedConcurrency === undefined && isInt(fn.provisionedConcurrency) && fn.provisionedConcurrency >= 1) {
        parts.push({ name, amount: fn.provisionedConcurrency, kind: "provisioned, no reservation" });
      }
    });
    const sum = parts.reduce((s, p) => s + p.amount, 0);
    const limit = acct.concurrencyLimit;
    const max = maxReservableConcurrency(limit);
    // One contributor alone is already reported by its own `accountLimit` rule.
    if (parts.length >= 2 && sum > max) {
      const floor = unreservedConcurrencyFloor(limit);
      c.error(prefix, sum, "lambda.concurrency.unreservedFloor", `Σ ≤ ${max} (account concurrency ${limit} − ${floor} unreserved minimum)`, {
        got: `Σ reserved concurrency ${sum} (${parts.map((p) => `${p.name} ${p.amount}${p.kind === "reserved" ? "" : ` ${p.kind}`}`).join(" + ")})`,
        hint: `AWS rejects the last one with "${AWS_ERROR_TEXT.unreservedFloor(floor)}"; lower the reservations or raise the account quota`,
      });
    }
  }

  // Code storage per Region: every published version keeps its zip, so one version of each function is
  // the least this stack stores.
  const stored = fns.reduce((sum, fn) => {
    const pkg = isRecord(fn) && isRecord(fn.package) ? fn.package : undefined;
    return sum + (pkg && isInt(pkg.zippedBytes) && pkg.zippedBytes > 0 ? pkg.zippedBytes : 0);
  }, 0);
  const storageMax = LAMBDA_LIMITS.codeStorageMaxBytes;
  if (stored > storageMax) {
    c.error(prefix, stored, "lambda.codeStorage.total", `Σ zipped packages ≤ ${groupDigits(storageMax)} bytes (300 GB of code storage per Region)`, {
      got: `${groupDigits(stored)} bytes for one version of each function`,
      hint: "every published version and layer version counts against the Region's code storage; shrink the packages or ask AWS to raise the quota",
    });
  }

  // Account and `today` problems repeat once per function: keep the first of each.
  const seen = new Set<string>();
  return [...all, ...c.out].filter((v) => {
    if (!v.path.startsWith("account") && !v.path.startsWith("options.")) return true;
    const key = `${v.severity}|${v.rule}|${v.path}|${v.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

interface ResolvedAccount {
  /** `undefined` when the given value is invalid (already reported): skip the checks that need it. */
  readonly concurrencyLimit: number | undefined;
  readonly maxMemoryMb: number | undefined;
}

function resolveAccount(account: unknown, c: Collector): ResolvedAccount {
  const L = LAMBDA_LIMITS;
  if (account === undefined || account === null) {
    return { concurrencyLimit: L.defaultConcurrencyLimit, maxMemoryMb: L.defaultMaxMemoryMb };
  }
  if (!isRecord(account)) {
    c.error("account", account, "account.type", "an object { concurrencyLimit?, maxMemoryMb? }", { got: got(account, "object") });
    return { concurrencyLimit: undefined, maxMemoryMb: undefined };
  }
  let concurrencyLimit: number | undefined = L.defaultConcurrencyLimit;
  if (account.concurrencyLimit !== undefined) {
    if (isInt(account.concurrencyLimit) && account.concurrencyLimit >= 1) concurrencyLimit = account.concurrencyLimit;
    else {
      concurrencyLimit = undefined;
      c.error("account.concurrencyLimit", account.concurrencyLimit, "account.concurrencyLimit.range", "integer ≥ 1 (default 1000)", {
        got: got(account.concurrencyLimit, "number"),
      });
    }
  }
  let maxMemoryMb: number | undefined = L.defaultMaxMemoryMb;
  if (account.maxMemoryMb !== undefined) {
    const v = account.maxMemoryMb;
    if (isInt(v) && v >= L.memoryMinMb && v <= L.memoryMaxMb) maxMemoryMb = v;
    else {
      maxMemoryMb = undefined;
      c.error("account.maxMemoryMb", v, "account.maxMemoryMb.range", `integer ${L.memoryMinMb}–${L.memoryMaxMb} MB (default ${L.defaultMaxMemoryMb})`, {
        got: got(v, "number"),
      });
    }
  }
  return { concurrencyLimit, maxMemoryMb };
}

/** One method per sub-config; every check reads raw `unknown` values and never throws. */
class FunctionChecker {
  constructor(
    private readonly f: Record<string, unknown>,
    private readonly account: ResolvedAccount,
    private readonly opts: ValidateOptions,
    private readonly prefix: string,
    private readonly c: Collector,
  ) {}

  run(): void {
    this.name();
    this.runtime();
    this.handler();
    this.architecture();
    this.memory();
    const timeoutOk = this.intRange("timeoutSeconds", "lambda.timeout.range", LAMBDA_LIMITS.timeoutMinSeconds, LAMBDA_LIMITS.timeoutMaxSeconds, "seconds");
    if (this.f.ephemeralStorageMb !== undefined) {
      this.intRange("ephemeralStorageMb", "lambda.ephemeralStorage.range", LAMBDA_LIMITS.ephemeralStorageMinMb, LAMBDA_LIMITS.ephemeralStorageMaxMb, "MB");
    }
    this.description();
    this.environment();
    const layerBytes = this.layers();
    this.package(layerBytes);
    this.vpc();
    this.snapStart();
    const reserved = this.reservedConcurrency();
    this.alias();
    this.provisionedConcurrency(reserved);
    this.triggers(timeoutOk ? (this.f.timeoutSeconds as number) : undefined);
  }

  private p(field: string): string {
    return `${this.prefix}.${field}`;
  }

  private name(): void {
    this.c.push(...validateFunctionName(this.f.name, this.p("name"), { autoNamed: this.opts.autoNamed }));
  }

  private runtime(): void {
    const today = this.opts.today ?? LAMBDA_RUNTIMES.asOf;
    const r = checkRuntime(this.f.runtime, today);
    if (r.status === "ok" || !r.rule) return;
    const onToday = r.rule === "lambda.runtime.today";
    this.c.add({
      path: onToday ? "options.today" : this.p("runtime"),
      value: onToday ? today : this.f.runtime,
      rule: r.rule,
      severity: r.status,
      allowed: r.allowed,
      message: `${onToday ? "options.today" : this.p("runtime")}: ${r.message}`,
    });
  }

  private handler(): void {
    const path = this.p("handler");
    const h = this.f.handler;
    const max = LAMBDA_LIMITS.handlerMaxLength;
    if (typeof h !== "string") {
      this.c.error(path, h, "lambda.handler.required", `1–${max} characters without whitespace, e.g. "index.handler"`, {
        got: got(h, "string"),
        hint: "a .zip function needs a handler",
      });
      return;
    }
    if (h.length === 0 || h.length > max) {
      this.c.error(path, h, "lambda.handler.length", `1–${max} characters`, { got: `${show(h)} (${h.length} characters)` });
    }
    if (/\s/.test(h)) {
      this.c.error(path, h, "lambda.handler.pattern", `no whitespace, e.g. "index.handler"`, { got: show(h) });
    }
  }

  private architecture(): void {
    const a = this.f.architecture;
    if (!(ARCHITECTURES as readonly unknown[]).includes(a)) {
      this.c.error(this.p("architecture"), a, "lambda.architecture.allowed", ARCHITECTURES.map((x) => `"${x}"`).join(" or "), {
        got: got(a, "string"),
      });
    }
  }

  private memory(): void {
    const L = LAMBDA_LIMITS;
    if (!this.intRange("memoryMb", "lambda.memory.range", L.memoryMinMb, L.memoryMaxMb, "MB")) return;
    const m = this.f.memoryMb as number;
    const ceiling = this.account.maxMemoryMb;
    if (ceiling !== undefined && m > ceiling) {
      this.c.error(this.p("memoryMb"), m, "lambda.memory.accountMax", `integer ${L.memoryMinMb}–${ceiling} MB (this account's memory ceiling is ${ceiling} MB)`, {
        got: String(m),
        hint: `AWS rejects it with "${AWS_ERROR_TEXT.memoryCeiling(ceiling)}"; lower memoryMb or ask AWS Support to raise the account's ceiling to ${L.memoryMaxMb} MB`,
      });
    }
  }

  private description(): void {
    const d = this.f.description;
    if (d === undefined) return;
    const max = LAMBDA_LIMITS.descriptionMaxLength;
    if (typeof d !== "string") {
      this.c.error(this.p("description"), d, "lambda.description.length", `a string of 0–${max} characters`, { got: got(d, "string") });
      return;
    }
    const length = [...d].length;
    if (length > max) {
      this.c.error(this.p("description"), d, "lambda.description.length", `0–${max} characters`, { got: `${show(d)} (${length} characters)` });
    }
  }

  private environment(): void {
    const env = this.f.environment;
    if (env === undefined) return;
    const path = this.p("environment");
    if (!isRecord(env)) {
      this.c.error(path, env, "lambda.environment.type", "a map of variable name to string value", { got: got(env, "object") });
      return;
    }
    const reserved = RESERVED_ENVIRONMENT_KEYS as readonly string[];
    for (const [key, value] of Object.entries(env)) {
      const keyPath = childPath(path, key);
      if (reserved.includes(key)) {
        this.c.error(keyPath, key, "lambda.environment.reservedKey", "a name Lambda does not reserve", {
          got: show(key),
          hint: `Lambda sets ${key} itself; rename the variable`,
        });
      } else if (!ENVIRONMENT_KEY_PATTERN.test(key)) {
        this.c.error(keyPath, key, "lambda.environment.keyPattern", "a name matching [a-zA-Z][a-zA-Z0-9_]+ (a letter, then at least one letter, digit or _)", {
          got: `name ${show(key)}`,
        });
      }
      if (typeof value !== "string") {
        this.c.error(keyPath, value, "lambda.environment.valueType", "a string value", { got: got(value, "string") });
      }
    }
    let bytes: number | undefined;
    try {
      bytes = utf8Length(JSON.stringify(env) ?? "");
    } catch {
      bytes = undefined; // BigInt or a cycle: already reported as a non-string value
    }
    const max = LAMBDA_LIMITS.environmentMaxBytes;
    if (bytes !== undefined && bytes > max) {
      this.c.error(path, bytes, "lambda.environment.size", `≤ ${groupDigits(max)} bytes (UTF-8 JSON of the whole map, no whitespace)`, {
        got: `${groupDigits(bytes)} bytes`,
        hint: "move large values to SSM Parameter Store, Secrets Manager or S3",
      });
    }
  }

  /** Returns the sum of the valid layer `unzippedBytes` given (undefined when none is given). */
  private layers(): number | undefined {
    const layers = this.f.layers;
    if (layers === undefined) return undefined;
    const path = this.p("layers");
    const L = LAMBDA_LIMITS;
    if (!Array.isArray(layers)) {
      this.c.error(path, layers, "lambda.layers.type", `a list of at most ${L.maxLayers} layers`, { got: got(layers, "list") });
      return undefined;
    }
    if (layers.length > L.maxLayers) {
      this.c.error(path, layers, "lambda.layers.count", `at most ${L.maxLayers} layers`, { got: plural(layers.length, "layer") });
    }
    let sum: number | undefined;
    layers.forEach((layer: unknown, i) => {
      const lp = `${path}[${i}]`;
      if (!isRecord(layer)) {
        this.c.error(lp, layer, "lambda.layers.arn", "an object { arn, unzippedBytes? }", { got: got(layer, "object") });
        return;
      }
      const arn = layer.arn;
      const arnAllowed = `a layer version ARN of 1–${L.layerArnMaxLength} characters, arn:<partition>:lambda:<region>:<12-digit account>:layer:<name>:<version> or arn:<partition>:lambda:::awslayer:<name>`;
      if (typeof arn !== "string") {
        this.c.error(`${lp}.arn`, arn, "lambda.layers.arn", arnAllowed, { got: got(arn, "string") });
      } else if (arn.length === 0 || arn.length > L.layerArnMaxLength || !LAYER_ARN_PATTERN.test(arn)) {
        this.c.error(`${lp}.arn`, arn, "lambda.layers.arn", arnAllowed, { got: `${show(arn)} (${arn.length} characters)` });
      }
      const bytes = layer.unzippedBytes;
      if (bytes === undefined) return;
      if (isInt(bytes) && bytes >= 0) sum = (sum ?? 0) + bytes;
      else this.c.error(`${lp}.unzippedBytes`, bytes, "lambda.layers.unzippedBytes", "integer ≥ 0 bytes", { got: got(bytes, "number") });
    });
    return sum;
  }

  private package(layerBytes: number | undefined): void {
    const pkg = this.f.package;
    const L = LAMBDA_LIMITS;
    let codeBytes: number | undefined;
    if (pkg !== undefined) {
      const path = this.p("package");
      if (!isRecord(pkg)) {
        this.c.error(path, pkg, "lambda.package.type", `an object { zippedBytes, unzippedBytes, upload: "direct" | "s3" }`, { got: got(pkg, "object") });
        return;
      }
      const sizeOk = (field: "zippedBytes" | "unzippedBytes"): boolean => {
        const v = pkg[field];
        if (isInt(v) && v >= 0) return true;
        this.c.error(`${path}.${field}`, v, "lambda.package.size", "integer ≥ 0 bytes", { got: got(v, "number") });
        return false;
      };
      const zippedOk = sizeOk("zippedBytes");
      if (sizeOk("unzippedBytes")) codeBytes = pkg.unzippedBytes as number;
      const upload = pkg.upload;
      if (upload !== "direct" && upload !== "s3") {
        this.c.error(`${path}.upload`, upload, "lambda.package.upload", `"direct" or "s3"`, { got: got(upload, "string") });
      }
      const zipped = pkg.zippedBytes as number;
      if (zippedOk && upload === "direct" && zipped > L.zippedDirectUploadMaxBytes) {
        this.c.error(`${path}.zippedBytes`, zipped, "lambda.package.zippedDirect", `≤ ${groupDigits(L.zippedDirectUploadMaxBytes)} bytes (50 MB) zipped for a direct upload`, {
          got: `${groupDigits(zipped)} bytes with upload "direct"`,
          hint: `upload the zip through S3 instead (upload: "s3"), which has no documented zipped-size cap`,
        });
      }
    }
    if (codeBytes === undefined && layerBytes === undefined) return;
    const total = (codeBytes ?? 0) + (layerBytes ?? 0);
    if (total > L.unzippedMaxBytes) {
      const path = codeBytes !== undefined ? this.p("package.unzippedBytes") : this.p("layers");
      this.c.error(path, total, "lambda.package.unzipped", `≤ ${groupDigits(L.unzippedMaxBytes)} bytes (250 MB) for code + all layers, unzipped`, {
        got: `${groupDigits(total)} bytes (code ${groupDigits(codeBytes ?? 0)} + layers ${groupDigits(layerBytes ?? 0)})`,
        hint: `AWS rejects it with "${AWS_ERROR_TEXT.unzippedSize}"; trim dependencies or use a container image (≤ 10 GB)`,
      });
    }
  }

  private vpc(): void {
    const vpc = this.f.vpc;
    if (vpc === undefined) return;
    const path = this.p("vpc");
    const L = LAMBDA_LIMITS;
    if (!isRecord(vpc)) {
      this.c.error(path, vpc, "lambda.vpc.type", "an object { subnetIds, securityGroupIds }", { got: got(vpc, "object") });
      return;
    }
    const list = (field: string, rule: string, max: number, noun: string): number | undefined => {
      const v = vpc[field];
      const allowed = `1–${max} ${noun} ids`;
      if (!Array.isArray(v)) {
        this.c.error(`${path}.${field}`, v, rule, allowed, { got: got(v, "list") });
        return undefined;
      }
      if (v.length < 1 || v.length > max) this.c.error(`${path}.${field}`, v, rule, allowed, { got: plural(v.length, noun) });
      v.forEach((id: unknown, i) => {
        if (typeof id !== "string" || id === "") {
          this.c.error(`${path}.${field}[${i}]`, id, `${rule.replace(/\.count$/, "")}.id`, `a non-empty ${noun} id string`, { got: got(id, "string") });
        }
      });
      return v.length;
    };
    const subnets = list("subnetIds", "lambda.vpc.subnets.count", L.maxSubnets, "subnet");
    list("securityGroupIds", "lambda.vpc.securityGroups.count", L.maxSecurityGroups, "security group");
    if (subnets === 1) {
      this.c.warn(this.p("vpc.subnetIds"), vpc.subnetIds, "lambda.vpc.subnets.single", `1–${L.maxSubnets} subnet ids`, "one subnet is one Availability Zone: an AZ outage stops the function", {
        got: "1 subnet",
        hint: "use at least 2 subnets in different AZs",
      });
    }
  }

  private snapStart(): void {
    const s = this.f.snapStart;
    if (s !== undefined && typeof s !== "boolean") {
      this.c.error(this.p("snapStart"), s, "lambda.snapStart.type", "true or false", { got: got(s, "boolean") });
    }
  }

  /** Returns the reservation when it is a valid integer ≥ 0. */
  private reservedConcurrency(): number | undefined {
    const r = this.f.reservedConcurrency;
    if (r === undefined) return undefined;
    const path = this.p("reservedConcurrency");
    const limit = this.account.concurrencyLimit;
    const max = limit === undefined ? undefined : maxReservableConcurrency(limit);
    const min = LAMBDA_LIMITS.reservedConcurrencyMin;
    const range = max === undefined ? `integer ≥ ${min}` : `integer ${min}–${max}`;
    if (!isInt(r) || r < min) {
      this.c.error(path, r, "lambda.reservedConcurrency.range", range, {
        got: got(r, "number"),
        hint: "omit it to leave the function unreserved (Pulumi's -1)",
      });
      return undefined;
    }
    if (limit !== undefined && max !== undefined && r > max) {
      const floor = unreservedConcurrencyFloor(limit);
      this.c.error(path, r, "lambda.reservedConcurrency.accountLimit", `${range} (account concurrency ${limit} − ${floor} unreserved minimum)`, {
        got: String(r),
        hint: `AWS rejects it with "${AWS_ERROR_TEXT.unreservedFloor(floor)}"`,
      });
    } else if (r === 0) {
      this.c.warn(path, r, "lambda.reservedConcurrency.zero", range, "0 throttles every invocation of every version and $LATEST", {
        got: "0",
        hint: "omit it to leave the function unreserved",
      });
    }
    return r;
  }

  private provisionedConcurrency(reserved: number | undefined): void {
    const pc = this.f.provisionedConcurrency;
    if (pc === undefined) return;
    const path = this.p("provisionedConcurrency");
    if (!isInt(pc) || pc < 1) {
      this.c.error(path, pc, "lambda.provisionedConcurrency.range", "integer ≥ 1", { got: got(pc, "number"), hint: "omit it for no provisioned concurrency" });
      return;
    }
    if (this.f.release === undefined) {
      this.c.error(path, pc, "lambda.provisionedConcurrency.requiresAlias", "only with an alias (provisioned concurrency targets an alias or a published version, never $LATEST)", {
        got: String(pc),
        hint: "add `release` (an alias) so the configuration survives new versions",
      });
    }
    if (this.f.snapStart === true) {
      this.c.error(path, pc, "lambda.provisionedConcurrency.snapStart", "provisioned concurrency or SnapStart, not both on one version", {
        got: `${pc} with snapStart true`,
      });
    }
    if (reserved !== undefined) {
      const allowed = reserved >= 1 ? `integer 1–${reserved} (≤ reservedConcurrency ${reserved})` : "none while reservedConcurrency is 0";
      if (pc > reserved) {
        this.c.error(path, pc, "lambda.provisionedConcurrency.reserved", allowed, {
          got: String(pc),
          hint: `AWS rejects it with "${AWS_ERROR_TEXT.provisionedAboveReserved}"`,
        });
      } else if (pc === reserved) {
        this.c.warn(path, pc, "lambda.provisionedConcurrency.equalsReserved", allowed, "equal values leave nothing for $LATEST and unaliased invocations, which are throttled", {
          got: `${pc} (= reservedConcurrency)`,
          hint: "raise reservedConcurrency above provisionedConcurrency",
        });
      }
    } else if (this.f.reservedConcurrency === undefined && this.account.concurrencyLimit !== undefined) {
      const limit = this.account.concurrencyLimit;
      const max = maxReservableConcurrency(limit);
      if (pc > max) {
        const floor = unreservedConcurrencyFloor(limit);
        this.c.error(path, pc, "lambda.provisionedConcurrency.accountLimit", `integer 1–${max} (account concurrency ${limit} − ${floor} unreserved minimum)`, {
          got: String(pc),
          hint: "without a reservation, provisioned concurrency comes from the unreserved pool, which must keep its minimum",
        });
      }
    }
    const release = this.f.release;
    const weight = isRecord(release) ? release.canaryWeight : undefined;
    if (isFiniteNumber(weight) && weight > LAMBDA_LIMITS.routingWeightMin && weight <= LAMBDA_LIMITS.routingWeightMax) {
      this.c.warn(this.p("release.canaryWeight"), weight, "lambda.alias.weight.provisionedConcurrency", `${LAMBDA_LIMITS.routingWeightMin}–${LAMBDA_LIMITS.routingWeightMax}`, "provisioned concurrency settings must not change while the alias has weights", {
        got: `${weight} with provisionedConcurrency ${pc}`,
        hint: `AWS rejects such a change with "${AWS_ERROR_TEXT.weightsWithProvisioned}"; change one per deployment, and during the shift the alias's provisioned concurrency is split between both versions, so keep reservedConcurrency large enough for it`,
      });
    }
  }

  private alias(): void {
    const alias = this.f.release;
    if (alias === undefined) return;
    const path = this.p("release");
    if (!isRecord(alias)) {
      this.c.error(path, alias, "lambda.alias.type", "an object { aliasName, stableVersion?, canaryVersion?, canaryWeight? }", { got: got(alias, "object") });
      return;
    }
    this.c.push(...validateAliasName(alias.aliasName, `${path}.aliasName`));
    const version = (field: "stableVersion" | "canaryVersion"): string | undefined => {
      const v = alias[field];
      if (v === undefined) return undefined;
      if (typeof v === "string" && VERSION_PATTERN.test(v)) return v;
      const hint =
        v === "$LATEST" ? "$LATEST cannot carry weights or provisioned concurrency" : typeof v === "string" && v.startsWith("arn:") ? "give the version number, not an ARN" : undefined;
      this.c.error(`${path}.${field}`, v, "lambda.alias.version", `a published version number such as "3" (not $LATEST, not an ARN)`, { got: got(v, "string"), hint });
      return undefined;
    };
    const stable = version("stableVersion");
    const canary = version("canaryVersion");
    const w = alias.canaryWeight;
    if (w === undefined) return;
    const [wMin, wMax] = [LAMBDA_LIMITS.routingWeightMin, LAMBDA_LIMITS.routingWeightMax];
    if (!isRoutingWeight(w)) {
      this.c.error(`${path}.canaryWeight`, w, "lambda.alias.weight.range", `a number ${wMin}–${wMax} (share of traffic sent to canaryVersion)`, { got: got(w, "number") });
      return;
    }
    if (w === 0) return;
    // canaryVersion may be unknown until deploy (the version this deployment publishes): only a known
    // one is checked. The primary must always be named.
    if (alias.stableVersion === undefined) {
      this.c.error(`${path}.stableVersion`, undefined, "lambda.alias.weight.versions", `a published version number when canaryWeight > 0 (got canaryWeight ${w})`, {
        got: "nothing",
        hint: "a weighted alias routes between two published versions: stableVersion gets 1 − canaryWeight",
      });
    }
    if (stable !== undefined && canary !== undefined && stable === canary) {
      this.c.error(`${path}.canaryVersion`, canary, "lambda.alias.weight.sameVersion", `a version other than stableVersion ${show(stable)}`, {
        got: show(canary),
        hint: "the additional version of a weighted alias must differ from the primary",
      });
    }
  }

  private triggers(timeout: number | undefined): void {
    const t = this.f.triggers;
    if (t === undefined) return;
    const path = this.p("triggers");
    const L = LAMBDA_LIMITS;
    if (!isRecord(t)) {
      this.c.error(path, t, "lambda.trigger.type", "an object { apiGateway?, sqs? }", { got: got(t, "object") });
      return;
    }
    const api = t.apiGateway;
    if (api !== undefined) {
      if (api !== "rest" && api !== "http") {
        this.c.error(`${path}.apiGateway`, api, "lambda.trigger.apiGateway.type", `"rest" or "http"`, { got: got(api, "string") });
      } else if (timeout !== undefined) {
        const max = api === "rest" ? L.apiGatewayRestTimeoutSeconds : L.apiGatewayHttpTimeoutSeconds;
        if (timeout > max) {
          this.c.error(this.p("timeoutSeconds"), timeout, "lambda.trigger.apiGateway.timeout", `≤ ${max} seconds behind ${api === "rest" ? "a REST API" : "an HTTP API"} (integration timeout)`, {
            got: `${timeout} seconds`,
            hint:
              api === "rest"
                ? "API Gateway answers 504 after 29 s while the function keeps running; lower timeoutSeconds (only a Regional or private REST API can have its integration timeout raised)"
                : "an HTTP API gives up after 30 s while the function keeps running; lower timeoutSeconds",
          });
        }
      }
    }
    const sqs = t.sqs;
    if (sqs === undefined) return;
    const sp = `${path}.sqs`;
    if (!isRecord(sqs)) {
      this.c.error(sp, sqs, "lambda.trigger.sqs.values", "an object { visibilityTimeoutSeconds, batchingWindowSeconds? }", { got: got(sqs, "object") });
      return;
    }
    const vis = sqs.visibilityTimeoutSeconds;
    const visOk = isInt(vis) && vis >= 0;
    if (!visOk) this.c.error(`${sp}.visibilityTimeoutSeconds`, vis, "lambda.trigger.sqs.values", "integer ≥ 0 seconds", { got: got(vis, "number") });
    const win = sqs.batchingWindowSeconds;
    const winOk = win === undefined || (isInt(win) && win >= 0);
    if (!winOk) this.c.error(`${sp}.batchingWindowSeconds`, win, "lambda.trigger.sqs.values", "integer ≥ 0 seconds", { got: got(win, "number") });
    if (!visOk || !winOk || timeout === undefined) return;
    const window = (win as number | undefined) ?? 0;
    const required = L.sqsVisibilityTimeoutMultiplier * timeout + window;
    const v = vis as number;
    if (v < required) {
      const aws = v < timeout ? `; AWS rejects the event source mapping with "${AWS_ERROR_TEXT.sqsVisibility(v, timeout)}"` : "";
      this.c.error(`${sp}.visibilityTimeoutSeconds`, v, "lambda.trigger.sqs.visibilityTimeout", `≥ ${required} seconds (${L.sqsVisibilityTimeoutMultiplier} × timeoutSeconds ${timeout} + batching window ${window})`, {
        got: `${v} seconds`,
        hint: `below that, messages still being processed become visible again and are delivered twice${aws}`,
      });
    }
  }

  /** Integer in [min, max]; reports `rule` and returns false otherwise. */
  private intRange(field: string, rule: string, min: number, max: number, unit: string): boolean {
    const v = this.f[field];
    if (isInt(v) && v >= min && v <= max) return true;
    this.c.error(this.p(field), v, rule, `integer ${min}–${max} ${unit}`, { got: got(v, "number") });
    return false;
  }
}



function nameForPath(name: unknown): string {
  return typeof name === "string" && name !== "" ? name : "<unnamed>";
}

/** `env.FOO` for identifier-like keys, `env["a b"]` otherwise. */
function childPath(path: string, key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `${path}.${key}` : `${path}[${show(key)}]`;
}

function groupDigits(n: number): string {
  if (!Number.isInteger(n)) return String(n);
  const sign = n < 0 ? "-" : "";
  return sign + String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** UTF-8 byte length of a JS string (lone surrogates count as U+FFFD, 3 bytes, as TextEncoder does). */
function utf8Length(s: string): number {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}
