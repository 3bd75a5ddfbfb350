/**
 * Monthly cost of a stack's triggers (event sources): private REST API requests (API Gateway), SQS
 * standard-queue requests, EventBridge Scheduler invocations, and the extra Lambda requests of large
 * asynchronous payloads. Pure, like the rest of `pricing/`: prices come from a {@link PriceTable}
 * (default {@link DEFAULT_PRICE_TABLE}), usage is a parameter.
 *
 * The interface endpoint that private APIs need (`execute-api`) is an interface endpoint like any other:
 * the infrastructure estimate prices it per endpoint-AZ-hour (`pricing/cost.ts`).
 *
 * Rules:
 * - Each line is rounded to cents half-up; the total is the exact sum of the rounded lines.
 * - API Gateway REST tiers (first 333 M, next 667 M, next 19 B, over 20 B) apply to the stack's summed
 *   requests. API Gateway's 12-month free tier is never applied (https://aws.amazon.com/api-gateway/pricing/).
 * - SQS: every 64 KB chunk of a request's payload is one request (https://aws.amazon.com/sqs/pricing/).
 *   Request model per queue, stated in every SQS line:
 *     sends    = messages × chunks(avgMessageKb)                       (one SendMessage per message)
 *     receives = calls × chunks(m × avgMessageKb), m = min(batchSize, 10), calls = ceil(messages / m)
 *                (Lambda's pollers read at most 10 messages per ReceiveMessage, the SQS maximum, and
 *                assemble larger batches from several calls; batches are assumed full)
 *     deletes  = calls                                                 (one DeleteMessageBatch per call)
 *     + emptyReceivesPerMonth (idle long polls; 0 unless given)
 *   with chunks(kb) = max(1, ceil(kb / 64)). With the free tier, 1 M requests a month are free.
 * - EventBridge Scheduler: per invocation; with the free tier, 14 M a month are free.
 * - Lambda async payloads: 1 request per event covers the first 256 KB; every further 64 KB chunk is one
 *   more request at the Lambda request price, up to the 1 MB asynchronous payload limit
 *   (https://aws.amazon.com/lambda/pricing/); a larger average payload is an InvalidUsageError. Only the extra requests are priced here:
 *   the first request of each event is in the function's own request line.
 */
import { sumUsd } from "./money";
import { costLine, requirePrice, unpricedReason, type MissingPrices } from "./lines";
import { ASYNC_PAYLOAD_MAX_KB } from "./limits";
import { InvalidUsageError, type UsageProblem } from "./usage-checks";
import { DEFAULT_PRICE_TABLE, PriceNotFoundError, regionPricesFor, tierPriceNotFoundMessage, TRIGGER_FREE_TIER } from "./rates";
import type { CostLine, CostOptions, RegionPrices, RequestTier, SqsQueueUsage, TriggerCost, TriggerUsage } from "./types";

/** SQS bills each 64 KB chunk of a request's payload as one request. */
export const SQS_PAYLOAD_CHUNK_KB = 64;
/** Largest number of messages one ReceiveMessage (or DeleteMessageBatch) call handles. */
export const SQS_MESSAGES_PER_CALL = 10;
/** Payload covered by the first request of an asynchronous Lambda invocation. */
export const LAMBDA_ASYNC_INCLUDED_KB = 256;
/** Size of each further billed chunk of an asynchronous payload. */
export const LAMBDA_ASYNC_CHUNK_KB = 64;

/** Billed SQS requests for one API call carrying `kb` of payload: max(1, ceil(kb / 64)). */
export function sqsPayloadChunks(kb: number): number {
  return Math.max(1, Math.ceil(Number((kb / SQS_PAYLOAD_CHUNK_KB).toPrecision(12))));
}

/** Billed SQS requests of one queue per month, by kind (see the module comment for the model). */
export interface SqsRequestBreakdown {
  readonly sends: number;
  readonly receives: number;
  readonly deletes: number;
  readonly emptyReceives: number;
  readonly total: number;
}

/** The request model of the module comment, for one queue. */
export function sqsRequestsPerMonth(q: SqsQueueUsage): SqsRequestBreakdown {
  const sends = q.messagesPerMonth === 0 ? 0 : q.messagesPerMonth * sqsPayloadChunks(q.avgMessageKb);
  let receives = 0;
  let deletes = 0;
  let emptyReceives = 0;
  const esm = q.eventSourceMapping;
  if (esm !== undefined) {
    const perCall = Math.max(1, Math.min(esm.batchSize, SQS_MESSAGES_PER_CALL));
    const calls = Math.ceil(q.messagesPerMonth / perCall);
    receives = calls * sqsPayloadChunks(perCall * q.avgMessageKb);
    deletes = calls;
    emptyReceives = esm.emptyReceivesPerMonth ?? 0;
  }
  return { sends, receives, deletes, emptyReceives, total: sends + receives + deletes + emptyReceives };
}

/** Extra Lambda requests of asynchronous events above 256 KB: events × ceil((kb − 256) / 64). */
export function asyncPayloadExtraRequests(eventsPerMonth: number, avgPayloadKb: number): number {
  if (avgPayloadKb <= LAMBDA_ASYNC_INCLUDED_KB) return 0;
  return eventsPerMonth * Math.ceil(Number(((avgPayloadKb - LAMBDA_ASYNC_INCLUDED_KB) / LAMBDA_ASYNC_CHUNK_KB).toPrecision(12)));
}

// ---------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------

const NON_NEGATIVE = "a finite number ≥ 0";

function check(problems: UsageProblem[], path: string, value: unknown, optional = false): void {
  if (optional && value === undefined) return;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) problems.push({ path, value, allowed: NON_NEGATIVE });
}

function triggerUsageProblems(usage: TriggerUsage): UsageProblem[] {
  const problems: UsageProblem[] = [];
  if (typeof usage.region !== "string" || usage.region === "") problems.push({ path: "triggers.region", value: usage.region, allowed: "a region name" });
  if (usage.apiGateway !== undefined) check(problems, "triggers.apiGateway.restRequests", usage.apiGateway.restRequests);
  for (const [i, q] of (usage.sqsQueues ?? []).entries()) {
    const path = `triggers.sqsQueues.${i}`;
    check(problems, `${path}.messagesPerMonth`, q.messagesPerMonth);
    check(problems, `${path}.avgMessageKb`, q.avgMessageKb);
    if (q.eventSourceMapping !== undefined) {
      const b = q.eventSourceMapping.batchSize;
      if (typeof b !== "number" || !Number.isInteger(b) || b < 1) problems.push({ path: `${path}.eventSourceMapping.batchSize`, value: b, allowed: "an integer ≥ 1" });
      check(problems, `${path}.eventSourceMapping.emptyReceivesPerMonth`, q.eventSourceMapping.emptyReceivesPerMonth, true);
    }
  }
  if (usage.scheduler !== undefined) check(problems, "triggers.scheduler.invocations", usage.scheduler.invocations);
  for (const [i, a] of (usage.asyncPayloads ?? []).entries()) {
    check(problems, `triggers.asyncPayloads.${i}.eventsPerMonth`, a.eventsPerMonth);
    check(problems, `triggers.asyncPayloads.${i}.avgPayloadKb`, a.avgPayloadKb);
    // Lambda rejects asynchronous payloads above 1 MB: no price for what AWS will not accept.
    if (typeof a.avgPayloadKb === "number" && a.avgPayloadKb > ASYNC_PAYLOAD_MAX_KB) {
      problems.push({ path: `triggers.asyncPayloads.${i}.avgPayloadKb`, value: a.avgPayloadKb, allowed: `≤ ${ASYNC_PAYLOAD_MAX_KB} KB (Lambda's asynchronous payload limit, 1 MB)` });
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Lines
// ---------------------------------------------------------------------------------------------

/**
 * One line per request tier used (free quantity on the first). Zero billable quantity gives one
 * $0 line in the tier where the next request would land, so the report still shows the price.
 */
function tieredRequestLines(
  prices: RegionPrices,
  region: string,
  spec: { readonly field: string; readonly what: string; readonly id: string; readonly item: string; readonly unit: string; readonly tiers: readonly RequestTier[] | undefined },
  quantity: number,
  free: number,
  notes: readonly (string | undefined)[],
  mode: MissingPrices,
): CostLine[] {
  const tiers = spec.tiers ?? [];
  if (tiers.length === 0) requirePrice(prices, region, `${spec.field}.0.usdPerRequest`, undefined, mode);
  const billable = quantity - free;
  const out: CostLine[] = [];
  let lower = 0;
  for (const [index, tier] of tiers.entries()) {
    const upper = tier.upToRequests ?? Infinity;
    const share = Math.min(upper, billable) - lower;
    if (share > 0 || (billable === 0 && index === 0)) {
      const field = `${spec.field}.${index}.usdPerRequest`;
      out.push(
        costLine(prices, field, {
          id: `${spec.id}.tier${index + 1}`,
          item: tiers.length > 1 ? `${spec.item} (tier ${index + 1})` : spec.item,
          quantity: Math.max(share, 0),
          unit: spec.unit,
          unitPriceUsd: tier.usdPerRequest,
          freeQuantity: out.length === 0 ? free : undefined,
          notes: out.length === 0 ? notes : [],
        }),
      );
    }
    lower = upper;
    if (billable <= upper) return out;
  }
  const field = `${spec.field}.${tiers.length}.usdPerRequest`;
  if (mode === "error") throw new PriceNotFoundError(region, field, tierPriceNotFoundMessage(tiers.length + 1, region, spec.what, field));
  out.push(
    costLine(prices, field, {
      id: `${spec.id}.tier${tiers.length + 1}`,
      item: tiers.length > 0 ? `${spec.item} (tier ${tiers.length + 1})` : spec.item,
      quantity: Math.max(billable - lower, 0),
      unit: spec.unit,
      unitPriceUsd: undefined,
      unpricedReason: unpricedReason(region, tiers.length > 0 ? field : spec.field, tiers.length),
      freeQuantity: out.length === 0 ? free : undefined,
      notes: out.length === 0 ? notes : [],
    }),
  );
  return out;
}

function groupDigits(n: number): string {
  return Number.isInteger(n) ? String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",") : String(n);
}

function apiGatewayLines(usage: TriggerUsage, prices: RegionPrices, mode: MissingPrices): CostLine[] {
  const api = usage.apiGateway;
  if (api === undefined) return [];
  const spec = {
    field: "apiGateway.restRequestTiers",
    what: "API Gateway REST requests",
    id: "trigger.apiGateway.rest",
    item: "API Gateway REST requests",
    unit: "requests",
    tiers: prices.apiGateway?.restRequestTiers,
  };
  const who = api.apis !== undefined && api.apis.length > 0 ? `private REST APIs of ${api.apis.join(", ")}` : undefined;
  return tieredRequestLines(prices, usage.region, spec, api.restRequests, 0, [who, "tiers count every REST API in the account and region; the 12-month free tier is not applied"], mode);
}

function sqsLines(usage: TriggerUsage, prices: RegionPrices, freeTier: boolean, mode: MissingPrices): CostLine[] {
  const queues = usage.sqsQueues ?? [];
  if (queues.length === 0) return [];
  const perQueue = queues.map((q) => ({ q, r: sqsRequestsPerMonth(q) }));
  const total = perQueue.reduce((s, x) => s + x.r.total, 0);
  const free = freeTier ? Math.min(TRIGGER_FREE_TIER.sqsRequests, total) : 0;
  const detail = perQueue
    .map(({ q, r }) =>
      q.eventSourceMapping === undefined
        ? `${q.name}: ${groupDigits(r.sends)} sends`
        : `${q.name}: ${groupDigits(r.sends)} sends + ${groupDigits(r.receives)} receives + ${groupDigits(r.deletes)} deletes${r.emptyReceives > 0 ? ` + ${groupDigits(r.emptyReceives)} empty receives` : ""}`,
    )
    .join("; ");
  const spec = {
    field: "sqs.standardRequestTiers",
    what: "SQS standard requests",
    id: "trigger.sqs.requests",
    item: "SQS requests (standard)",
    unit: "requests",
    tiers: prices.sqs?.standardRequestTiers,
  };
  const model = "each 64 KB chunk is a request; Lambda reads ≤ 10 messages per receive and deletes them in one batch call; idle polls not counted unless given";
  return tieredRequestLines(prices, usage.region, spec, total, free, [detail, model], mode);
}

function schedulerLines(usage: TriggerUsage, prices: RegionPrices, freeTier: boolean, mode: MissingPrices): CostLine[] {
  const s = usage.scheduler;
  if (s === undefined) return [];
  const field = "scheduler.usdPerInvocation";
  const unitPriceUsd = requirePrice(prices, usage.region, field, prices.scheduler?.usdPerInvocation, mode);
  const free = freeTier ? Math.min(TRIGGER_FREE_TIER.schedulerInvocations, s.invocations) : 0;
  const who = s.schedules !== undefined && s.schedules.length > 0 ? s.schedules.join(", ") : undefined;
  return [
    costLine(prices, field, {
      id: "trigger.scheduler.invocations",
      item: "EventBridge Scheduler invocations",
      quantity: s.invocations - free,
      unit: "invocations",
      unitPriceUsd,
      freeQuantity: free,
      notes: [who],
    }),
  ];
}

function asyncPayloadLines(usage: TriggerUsage, prices: RegionPrices, mode: MissingPrices): CostLine[] {
  const extra = (usage.asyncPayloads ?? []).map((a) => ({ a, n: asyncPayloadExtraRequests(a.eventsPerMonth, a.avgPayloadKb) })).filter((x) => x.n > 0);
  if (extra.length === 0) return [];
  const field = "lambda.usdPerRequest";
  const unitPriceUsd = requirePrice(prices, usage.region, field, prices.lambda?.usdPerRequest, mode);
  return [
    costLine(prices, field, {
      id: "trigger.async.payloadRequests",
      item: "Lambda async payload chunks above 256 KB",
      quantity: extra.reduce((s, x) => s + x.n, 0),
      unit: "requests",
      unitPriceUsd,
      notes: [extra.map((x) => `${x.a.name}: ${groupDigits(x.a.eventsPerMonth)} events × ${x.n / x.a.eventsPerMonth} extra`).join("; ")],
    }),
  ];
}

/**
 * Monthly cost of a stack's triggers: API Gateway REST requests (tiered), SQS requests (tiered, chunked
 * by 64 KB, the event-source-mapping poll model of the module comment), EventBridge Scheduler
 * invocations and the extra Lambda requests of async payloads above 256 KB.
 *
 * @param opts.freeTier subtract SQS's 1 M requests and the Scheduler's 14 M invocations. @default false
 * @param opts.prices @default DEFAULT_PRICE_TABLE
 * @throws InvalidUsageError listing every negative, NaN or infinite input.
 * @throws UnknownRegionError / PriceNotFoundError when a needed price is not in the table.
 */
export function estimateTriggerCost(usage: TriggerUsage, opts: CostOptions = {}): TriggerCost {
  const problems = triggerUsageProblems(usage);
  if (problems.length > 0) throw new InvalidUsageError(problems);
  const prices = regionPricesFor(opts.prices ?? DEFAULT_PRICE_TABLE, usage.region);
  const freeTier = opts.freeTier ?? false;
  const mode = opts.missingPrices ?? "error";
  const lines = [...apiGatewayLines(usage, prices, mode), ...sqsLines(usage, prices, freeTier, mode), ...schedulerLines(usage, prices, freeTier, mode), ...asyncPayloadLines(usage, prices, mode)];
  return { totalUsd: sumUsd(lines.map((l) => l.usd)), lines };
}
