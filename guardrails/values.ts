/**
 * Reading resource inputs when some of them are not known yet. Pure; no `@pulumi/*` imports.
 *
 * Three shapes of "unknown" reach the rules:
 * - the Pulumi wire sentinels: `pulumi preview` hands a policy pack the resource's properties with
 *   these strings where a value is computed (`@pulumi/policy` `proxy.js`: one per type; the string
 *   one is also `@pulumi/pulumi` `runtime/rpc.ts` `unknownValue`). The pack's props are wrapped in a
 *   proxy that throws on access; `policy/policies.ts` unwraps it and hands the raw values here;
 * - the SDK's `unknown` object (`{ __pulumiUnknown: true }`), which mocks record under `preview: true`;
 * - {@link UNKNOWN}, our own marker for tests and adapters (it is the string sentinel, JSON-safe).
 *
 * A value that is simply absent is *not* unknown here: each rule decides whether an absent
 * property means "default" (e.g. no `tracingConfig` = PassThrough) or "computed and dropped"
 * (e.g. a function with `vpcConfig` but no `subnetIds`), and reports the latter as not evaluated.
 */
import { show } from "../pricing/violations";


/** Pulumi's unknown sentinels, by the type of the value they stand for. */
export const PULUMI_UNKNOWN_SENTINELS: Readonly<Record<string, string>> = {
  boolean: "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
  number: "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
  string: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
  array: "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
  asset: "030794c1-ac77-496b-92df-f27374a8bd58",
  archive: "e48ece36-62e2-4504-bad9-02848725956a",
  object: "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
};

const SENTINELS = new Set(Object.values(PULUMI_UNKNOWN_SENTINELS));

/** Marker for "unknown at preview" in hand-built inputs (the wire sentinel for strings). */
export const UNKNOWN: string = PULUMI_UNKNOWN_SENTINELS.string!;


/** True for every form of "not known until deploy" (see the module comment). */
export function isUnknown(value: unknown): boolean {
  if (typeof value === "string") return SENTINELS.has(value);
  return typeof value === "object" && value !== null && (value as { __pulumiUnknown?: unknown }).__pulumiUnknown === true;
}

/** What is at a path of a resource's inputs. */
export type Probe = { readonly kind: "unknown" } | { readonly kind: "absent" } | { readonly kind: "value"; readonly value: unknown };

const ABSENT: Probe = { kind: "absent" };
const UNKNOWN_PROBE: Probe = { kind: "unknown" };

/**
 * Walk a dotted path (`vpcConfig.subnetIds`, `ingress.0.cidrBlocks`). Unknown anywhere on the way
 * makes the result unknown; `undefined`/`null` or a non-object on the way makes it absent.
 */
export function probe(root: unknown, path: string): Probe {
  let cur: unknown = root;
  for (const key of path === "" ? [] : path.split(".")) {
    if (isUnknown(cur)) return UNKNOWN_PROBE;
    if (cur === null || typeof cur !== "object") return ABSENT;
    cur = (cur as Record<string, unknown>)[key];
  }
  if (isUnknown(cur)) return UNKNOWN_PROBE;
  return cur === undefined || cur === null ? ABSENT : { kind: "value", value: cur };
}

/** True when the value is or contains an unknown (arrays and plain objects, any depth). */
export function containsUnknown(value: unknown, depth = 0): boolean {
  if (isUnknown(value)) return true;
  if (depth > 32 || value === null || typeof value !== "object") return false;
  const items = Array.isArray(value) ? value : Object.values(value as Record<string, unknown>);
  return items.some((v) => containsUnknown(v, depth + 1));
}

/** {@link show} for resource inputs: "an unknown value" for a value not known until deploy. */
export function showInput(value: unknown): string {
  return isUnknown(value) ? "an unknown value" : show(value);
}

/** A list of strings, or a single string as a list; `undefined` for anything else. */
export function asStringList(value: unknown): string[] | undefined {
  if (typeof value === "string") return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return [...value];
  return undefined;
}

/** A non-empty string value. */
export function isNonEmptyString(value: unknown): value is string {
  return typeof value === "string" && value.trim() !== "";
}
