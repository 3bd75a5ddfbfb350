/**
 * Stack settings → the trigger part of the monthly cost report (API Gateway REST requests, SQS
 * requests, EventBridge Scheduler invocations, large async payloads). Pure. Every usage figure that
 * comes from a default is recorded as an assumption, as in `cost-report.ts`.
 *
 * The `execute-api` interface endpoint that http triggers add is counted with the other interface
 * endpoints by `cost-report.ts` (per endpoint-AZ-hour).
 */
import type { PriceTable, SqsQueueUsage, StackCost, TriggerCost, TriggerUsage } from "../pricing";
import { estimateTriggerCost, sumUsd } from "../pricing";
import { scheduleInvocationsPerMonth } from "../components/triggers/schedule-expression";
import { TRIGGER_DEFAULTS } from "../components/triggers/settings";
import type { StackSettings } from "../config/validate";
import type { Assumption } from "./assumptions";

/**
 * Trigger usage for one scenario. `requestsOf(key)` is the function's resolved requests per month
 * in that scenario: the default for API requests, SQS messages and async events.
 */
export function triggerUsage(settings: StackSettings, requestsOf: (key: string) => number, assumptions?: Assumption[]): TriggerUsage {
  const note = (path: string, value: number, why: string) => assumptions?.push({ path, value, note: why });
  const hours = settings.pricing.hoursPerMonth;
  let restRequests = 0;
  const apis: string[] = [];
  const sqsQueues: SqsQueueUsage[] = [];
  let invocations = 0;
  const schedules: string[] = [];
  const asyncPayloads: { name: string; eventsPerMonth: number; avgPayloadKb: number }[] = [];

  for (const f of settings.functions) {
    const t = f.triggers;
    if (t === undefined) continue;
    const base = `functions.${f.key}.triggers`;
    if (t.http) {
      const n = t.http.requestsPerMonth ?? requestsOf(f.key);
      if (t.http.requestsPerMonth === undefined) note(`${base}.http.requestsPerMonth`, n, "every request of the function comes through its private API");
      restRequests += n;
      apis.push(f.key);
    }
    if (t.sqs) {
      const q = t.sqs;
      const messages = q.messagesPerMonth ?? requestsOf(f.key);
      if (q.messagesPerMonth === undefined) note(`${base}.sqs.messagesPerMonth`, messages, "one message per request of the function");
      const kb = q.avgMessageKb ?? TRIGGER_DEFAULTS.avgMessageKb;
      if (q.avgMessageKb === undefined) note(`${base}.sqs.avgMessageKb`, kb, "small messages (one 64 KB chunk)");
      if (q.emptyReceivesPerMonth === undefined) note(`${base}.sqs.emptyReceivesPerMonth`, 0, "idle long polls of Lambda's pollers not counted");
      sqsQueues.push({ name: f.key, messagesPerMonth: messages, avgMessageKb: kb, eventSourceMapping: { batchSize: q.batchSize, emptyReceivesPerMonth: q.emptyReceivesPerMonth ?? 0 } });
    }
    if (t.async) {
      const a = t.async;
      const kb = a.avgPayloadKb ?? TRIGGER_DEFAULTS.avgPayloadKb;
      const events = a.eventsPerMonth ?? requestsOf(f.key);
      if (kb > 256) {
        if (a.eventsPerMonth === undefined) note(`${base}.async.eventsPerMonth`, events, "every request of the function is an async event");
        asyncPayloads.push({ name: f.key, eventsPerMonth: events, avgPayloadKb: kb });
      }
      if (a.onFailure === "queue" || (a.onFailure !== undefined && /^arn:aws[a-z-]*:sqs:/.test(a.onFailure.arn))) {
        const failed = a.failedEventsPerMonth ?? 0;
        if (a.failedEventsPerMonth === undefined) note(`${base}.async.failedEventsPerMonth`, 0, "no event ends in the on-failure queue");
        if (failed > 0) sqsQueues.push({ name: `${f.key} (async failures)`, messagesPerMonth: failed, avgMessageKb: kb + 1 });
      }
    }
    for (const [i, s] of t.schedules.entries()) {
      const n = s.invocationsPerMonth ?? scheduleInvocationsPerMonth(s.expression, hours);
      if (s.invocationsPerMonth === undefined) note(`${base}.schedules.${i}.invocationsPerMonth`, n, `${s.expression} over a ${hours} h month`);
      invocations += n;
      schedules.push(`${f.key}/${s.name}`);
    }
  }
  return {
    region: settings.region,
    ...(apis.length > 0 ? { apiGateway: { restRequests, apis } } : {}),
    ...(sqsQueues.length > 0 ? { sqsQueues } : {}),
    ...(schedules.length > 0 ? { scheduler: { invocations, schedules } } : {}),
    ...(asyncPayloads.length > 0 ? { asyncPayloads } : {}),
  };
}

/** The trigger cost of a scenario. */
export function triggerCost(settings: StackSettings, prices: PriceTable, requestsOf: (key: string) => number, assumptions?: Assumption[]): TriggerCost {
  return estimateTriggerCost(triggerUsage(settings, requestsOf, assumptions), { freeTier: settings.pricing.freeTier, prices, missingPrices: "unpriced" });
}

/**
 * `cost` with the trigger lines appended to its infrastructure (they are per account and region, like
 * endpoints and logs, not per function) and added to its totals.
 */
export function withTriggerCost(cost: StackCost, trigger: TriggerCost): StackCost {
  if (trigger.lines.length === 0) return cost;
  return {
    ...cost,
    infrastructure: { totalUsd: sumUsd([cost.infrastructure.totalUsd, trigger.totalUsd]), lines: [...cost.infrastructure.lines, ...trigger.lines] },
    totalUsd: sumUsd([cost.totalUsd, trigger.totalUsd]),
  };
}
