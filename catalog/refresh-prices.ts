/**
 * `npm run catalog -- refresh`: regenerates `pricing/catalog/prices.json` (and `regions.json`) from
 * AWS's machine-readable price data.
 *
 * Sources, per service:
 * - Lambda, PrivateLink endpoints and public IPv4 (AmazonVPC), CloudWatch Logs, X-Ray, API Gateway,
 *   SQS, EventBridge Scheduler (AWSEvents), DynamoDB: the Price List bulk API, one small per-region
 *   offer file each (offer index → region index → `<offer>/<version>/<region>/index.json`), read
 *   one at a time. No credentials needed.
 * - NAT gateway: priced in the EC2 offer, whose per-region bulk files are hundreds of MB. The Price
 *   List Query API (`GetProducts`) would need AWS credentials, so NAT comes from AWS's pricing
 *   calculator feed for it (`meteredUnitMaps/ec2/USD/current/natgateway.json`, ~50 kB, every region).
 * - `--source calculator` reads every service that has one from the calculator feeds instead (the
 *   shipped catalog was built that way from saved copies: see `sources` in prices.json).
 *
 * Regions: the commercial partition's regions come from the AWS SDK's partition data installed with
 * this project (`@aws-sdk/core`), so a new region appears when the SDK is updated.
 *
 * Nothing is written until every file was read and transformed: a network failure or a file in an
 * unexpected shape leaves the catalog untouched and names what failed (exit 1).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Command, CommanderError } from "commander";
import {
  buildCatalog,
  CATALOG_SERVICES,
  PRICE_LIST_OFFERS,
  priceLocationOf,
  serviceInputFromCalculator,
  serviceInputFromPriceList,
  SourceShapeError,
  transformCalculatorFeed,
  transformOfferFile,
  type CatalogService,
  type PriceCatalog,
  type RegionCatalog,
} from "../pricing/catalog";
import type { ServiceInput } from "../pricing/catalog/build";
import { writeFileAtomic } from "../tools/file-lock";

const CATALOG_DIR = path.resolve(__dirname, "..", "pricing", "catalog");
const PRICE_LIST_HOST = "https://pricing.us-east-1.amazonaws.com";
const CALCULATOR_BASE = "https://calculator.aws/pricing/2.0/meteredUnitMaps";

/** Calculator feed file and its URL per service (only services AWS's calculator publishes one for). */
const CALCULATOR_FILES: Partial<Record<CatalogService, { readonly file: string; readonly url: string }>> = {
  lambda: { file: "lambda.json", url: `${CALCULATOR_BASE}/lambda/USD/current/lambda.json` },
  vpc: { file: "vpc.json", url: `${CALCULATOR_BASE}/vpc/USD/current/vpc.json` },
  natGateway: { file: "natgateway.json", url: `${CALCULATOR_BASE}/ec2/USD/current/natgateway.json` },
  logs: { file: "cloudwatch.json", url: `${CALCULATOR_BASE}/cloudwatch/USD/current/cloudwatch.json` },
  apiGateway: { file: "apigateway.json", url: `${CALCULATOR_BASE}/apigateway/USD/current/apigateway.json` },
  dynamodb: { file: "dynamodb.json", url: `${CALCULATOR_BASE}/dynamodb/USD/current/dynamodb.json` },
};

/** Price List offer code per service (NAT excepted: see the module comment). */
const OFFER_CODES: Partial<Record<CatalogService, string>> = Object.fromEntries(
  Object.entries(PRICE_LIST_OFFERS)
    .filter(([code]) => code !== "AmazonEC2")
    .map(([code, o]) => [o.service, code]),
);

export class RefreshError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RefreshError";
  }
}

interface Options {
  readonly services: CatalogService[];
  readonly regions?: string[];
  readonly from?: string;
  readonly source: "price-list" | "calculator";
  readonly dryRun: boolean;
  readonly catalogDir: string;
  readonly today: string;
}

/** Reads JSON from a saved file or a URL, naming what failed. */
async function readJson(where: string, from: string | undefined, relative: string, url: string): Promise<unknown> {
  if (from !== undefined) {
    const file = path.join(from, relative);
    let text: string;
    try {
      text = await fs.promises.readFile(file, "utf8");
    } catch (e) {
      throw new RefreshError(`${where}: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    try {
      return JSON.parse(text);
    } catch {
      throw new RefreshError(`${where}: ${file} is not JSON`);
    }
  }
  let response: Response;
  try {
    response = await fetch(url);
  } catch (e) {
    throw new RefreshError(`${where}: download of ${url} failed: ${(e as Error).cause instanceof Error ? ((e as Error).cause as Error).message : (e as Error).message}`);
  }
  if (!response.ok) throw new RefreshError(`${where}: download of ${url} failed: HTTP ${response.status}`);
  try {
    return await response.json();
  } catch {
    throw new RefreshError(`${where}: ${url} is not JSON`);
  }
}

/** The provenance note of a saved file, from `<from>/PROVENANCE.json` (`{ "<relative path>": "<where it came from>" }`). */
function provenanceOf(from: string | undefined, relative: string): string | undefined {
  if (from === undefined) return undefined;
  const file = path.join(from, "PROVENANCE.json");
  if (!fs.existsSync(file)) return `saved file ${relative}`;
  const map = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
  const note = map[relative];
  return typeof note === "string" ? note : `saved file ${relative}`;
}

/** The AWS SDK's partition data, as installed (`@aws-sdk/core`). */
export function regionCatalogFromSdk(today: string): RegionCatalog {
  const pkgDir = path.dirname(require.resolve("@aws-sdk/core/package.json"));
  const version = (JSON.parse(fs.readFileSync(path.join(pkgDir, "package.json"), "utf8")) as { version: string }).version;
  const relative = "dist-es/submodules/client/util-endpoints/lib/aws/partitions.js";
  const text = fs.readFileSync(path.join(pkgDir, relative), "utf8");
  const m = /export const partitionsInfo = (\{[\s\S]*\});?\s*$/.exec(text);
  if (!m) throw new RefreshError(`@aws-sdk/core ${version}: ${relative} no longer holds "partitionsInfo"; update regionCatalogFromSdk`);
  const info = JSON.parse(m[1]) as { partitions: { id: string; regions: Record<string, { description?: string }> }[] };
  const partitions = Object.fromEntries(
    info.partitions.map((p) => [
      p.id,
      Object.fromEntries(
        Object.entries(p.regions)
          .filter(([code]) => !code.endsWith("-global") && /^[a-z]{2}(-[a-z]+)+-\d+$/.test(code))
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([code, r]) => [code, r.description ?? code]),
      ),
    ]),
  );
  return { source: `AWS SDK for JavaScript partition data, @aws-sdk/core ${version} (${relative})`, generatedOn: today, partitions };
}

async function calculatorInput(service: CatalogService, o: Options, regions: Readonly<Record<string, string>>, log: (s: string) => void): Promise<ServiceInput> {
  const spec = CALCULATOR_FILES[service];
  if (spec === undefined) throw new RefreshError(`${service}: AWS publishes no calculator feed for it; use --source price-list`);
  const relative = o.from !== undefined ? findFile(o.from, spec.file) : spec.file;
  const json = await readJson(service, o.from, relative, spec.url);
  let result;
  try {
    result = transformCalculatorFeed(json, new Set(Object.values(regions).map(priceLocationOf)));
  } catch (e) {
    if (e instanceof SourceShapeError) throw new RefreshError(`${service}: ${relative}: ${e.message}`);
    throw e;
  }
  const input = serviceInputFromCalculator(result, regions, { url: spec.url, retrievedFrom: provenanceOf(o.from, relative) });
  log(`${service.padEnd(11)} calculator feed ${result.version || "?"} (${result.publicationDate.slice(0, 10)}): ${input.prices.size} regions priced`);
  return input;
}

/** `file` anywhere under `dir` (first match, relative path). */
function findFile(dir: string, file: string): string {
  const stack = [""];
  while (stack.length > 0) {
    const rel = stack.shift() as string;
    const entries = fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const e of entries) {
      if (e.isFile() && e.name === file) return path.join(rel, e.name);
      if (e.isDirectory()) stack.push(path.join(rel, e.name));
    }
  }
  throw new RefreshError(`no ${file} under ${dir}`);
}

async function priceListInput(service: CatalogService, o: Options, regions: readonly string[], log: (s: string) => void): Promise<ServiceInput> {
  const offerCode = OFFER_CODES[service];
  if (offerCode === undefined) throw new RefreshError(`${service}: not read from the Price List bulk API (see the module comment)`);
  let regionIndex: Record<string, { currentVersionUrl?: string }> = {};
  if (o.from === undefined) {
    const index = (await readJson(service, undefined, "", `${PRICE_LIST_HOST}/offers/v1.0/aws/index.json`)) as { offers?: Record<string, { currentRegionIndexUrl?: string }> };
    const regionIndexUrl = index.offers?.[offerCode]?.currentRegionIndexUrl;
    if (regionIndexUrl === undefined) throw new RefreshError(`${service}: the offer index has no ${offerCode}`);
    const ri = (await readJson(service, undefined, "", `${PRICE_LIST_HOST}${regionIndexUrl}`)) as { regions?: Record<string, { currentVersionUrl?: string }> };
    regionIndex = ri.regions ?? {};
  }
  const results = [];
  for (const region of regions) {
    const relative = path.join(offerCode, region, "index.json");
    const url = o.from === undefined ? regionIndex[region]?.currentVersionUrl : undefined;
    if (o.from === undefined && url === undefined) {
      log(`${service.padEnd(11)} ${region.padEnd(15)} no offer file (service not offered there): unpriced`);
      continue;
    }
    if (o.from !== undefined && !fs.existsSync(path.join(o.from, relative))) {
      log(`${service.padEnd(11)} ${region.padEnd(15)} no saved ${relative}: unpriced`);
      continue;
    }
    const json = await readJson(`${service} ${region}`, o.from, relative, `${PRICE_LIST_HOST}${url ?? ""}`);
    try {
      const result = transformOfferFile(json, region);
      results.push({ region, result });
      log(`${service.padEnd(11)} ${region.padEnd(15)} ${result.publicationDate.slice(0, 10)}${result.missing.length > 0 ? `, missing ${result.missing.join(", ")}` : ""}`);
    } catch (e) {
      if (e instanceof SourceShapeError) throw new RefreshError(`${service} ${region}: ${e.message}`);
      throw e;
    }
  }
  if (results.length === 0) throw new RefreshError(`${service}: no region could be read`);
  const url = `${PRICE_LIST_HOST}/offers/v1.0/aws/${offerCode}/current/{region}/index.json`;
  return serviceInputFromPriceList(results, { kind: "price-list-bulk", url, retrievedFrom: o.from === undefined ? undefined : provenanceOf(o.from, offerCode) });
}

/** Runs a refresh; returns the new catalog (written unless `dryRun`). */
export async function refreshPrices(o: Options, log: (s: string) => void): Promise<PriceCatalog> {
  const regionCatalog = regionCatalogFromSdk(o.today);
  const commercial = regionCatalog.partitions.aws ?? {};
  const unknown = (o.regions ?? []).filter((r) => commercial[r] === undefined);
  if (unknown.length > 0) throw new RefreshError(`--regions: ${unknown.join(", ")} not a commercial region (known: ${Object.keys(commercial).join(", ")})`);
  const selected = Object.fromEntries(Object.entries(commercial).filter(([code]) => o.regions === undefined || o.regions.includes(code)));
  const inputs: ServiceInput[] = [];
  for (const service of o.services) {
    const useCalculator = o.source === "calculator" || service === "natGateway";
    if (useCalculator && CALCULATOR_FILES[service] === undefined) {
      log(`${service.padEnd(11)} skipped: AWS publishes no calculator feed for it (use --source price-list)`);
      continue;
    }
    inputs.push(useCalculator ? await calculatorInput(service, o, selected, log) : await priceListInput(service, o, Object.keys(selected), log));
  }
  const previousFile = path.join(o.catalogDir, "prices.json");
  const previous = fs.existsSync(previousFile) ? (JSON.parse(fs.readFileSync(previousFile, "utf8")) as PriceCatalog) : undefined;
  // A partial refresh (--regions) keeps the other regions' data for the refreshed services.
  const scoped = o.regions === undefined ? inputs : inputs.map((i) => keepOtherRegions(i, previous, Object.keys(commercial), o.regions as string[]));
  const catalog = buildCatalog({ generatedOn: o.today, regionCatalog, inputs: scoped, previous });
  if (!o.dryRun) {
    writeFileAtomic(path.join(o.catalogDir, "regions.json"), `${JSON.stringify(regionCatalog, null, 2)}\n`);
    writeFileAtomic(previousFile, `${JSON.stringify(catalog, null, 2)}\n`);
  }
  return catalog;
}

function keepOtherRegions(input: ServiceInput, previous: PriceCatalog | undefined, all: readonly string[], refreshed: readonly string[]): ServiceInput {
  const prices = new Map(input.prices);
  for (const region of all) {
    if (refreshed.includes(region)) continue;
    const before = previous?.regions[region];
    if (before === undefined || !before.services.includes(input.service)) continue;
    prices.set(region, structuredClone(before.prices) as unknown as Record<string, unknown>);
  }
  return { ...input, prices };
}

function list(value: string): string[] {
  return value.split(",").map((s) => s.trim()).filter((s) => s !== "");
}

export async function runRefreshPrices(argv: readonly string[], today: string = new Date().toISOString().slice(0, 10)): Promise<number> {
  const program = new Command("catalog refresh")
    .description("Regenerate pricing/catalog/ from AWS's price data")
    .option("--services <list>", `comma-separated: ${CATALOG_SERVICES.join(", ")}`, list)
    .option("--regions <list>", "comma-separated region codes (default: every commercial region)", list)
    .option("--from <dir>", "read saved files from this directory instead of downloading")
    .option("--source <source>", "price-list (bulk API; default) or calculator", "price-list")
    .option("--dry-run", "transform and report, write nothing", false)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) });
  try {
    program.parse([...argv], { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    throw e;
  }
  const opts = program.opts<{ services?: string[]; regions?: string[]; from?: string; source: string; dryRun: boolean }>();
  const services = (opts.services ?? [...CATALOG_SERVICES]) as CatalogService[];
  const badServices = services.filter((s) => !CATALOG_SERVICES.includes(s));
  const problems: string[] = [];
  if (badServices.length > 0) problems.push(`--services: ${badServices.join(", ")} unknown (allowed: ${CATALOG_SERVICES.join(", ")})`);
  if (opts.source !== "price-list" && opts.source !== "calculator") problems.push(`--source: got ${JSON.stringify(opts.source)}, allowed price-list or calculator`);
  if (opts.from !== undefined && !fs.existsSync(opts.from)) problems.push(`--from: ${opts.from} does not exist`);
  if (problems.length > 0) {
    process.stderr.write(`${problems.join("\n")}\n`);
    return 2;
  }
  const log = (s: string) => process.stderr.write(`${s}\n`);
  try {
    const catalog = await refreshPrices(
      { services, regions: opts.regions, from: opts.from, source: opts.source as "price-list" | "calculator", dryRun: opts.dryRun, catalogDir: CATALOG_DIR, today },
      log,
    );
    const priced = Object.values(catalog.regions).filter((r) => r.services.length > 0).length;
    process.stdout.write(`${opts.dryRun ? "Would write" : "Wrote"} pricing/catalog/prices.json: ${Object.keys(catalog.regions).length} commercial regions, ${priced} with prices; services: ${Object.keys(catalog.sources).join(", ")}\n`);
    return 0;
  } catch (e) {
    if (e instanceof RefreshError) {
      process.stderr.write(`Catalog not changed: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
