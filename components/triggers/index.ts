/**
 * Trigger components: the event sources of a private function, each wired to the function's alias.
 *
 * | kind | component | invocation |
 * |---|---|---|
 * | private HTTP | {@link PrivateHttpApi} | synchronous (API Gateway, AWS_PROXY) |
 * | async settings | {@link AsyncInvokeConfig} | asynchronous (retries, event age, on-failure destination) |
 * | SQS | {@link QueueTrigger} | event source mapping (Lambda polls) |
 * | schedules | {@link ScheduleTrigger} | asynchronous (EventBridge Scheduler) |
 *
 * Pure decisions (validation, names, policies, schedule expressions) live beside the components: `./validate`, `./settings`, `./http-routes`, `./schedule-expression`, `./iam`.
 */
export { createFunctionTriggers, triggerOutputsOf, type CreatedTriggers, type FunctionTriggersArgs } from "./function-triggers";
export { AsyncInvokeConfig, type AsyncInvokeConfigArgs, type AsyncOnFailure } from "./async-invoke-config";
export { PrivateHttpApi, type PrivateHttpApiArgs } from "./private-http-api";
export { QueueTrigger, type QueueTriggerArgs } from "./queue-trigger";
export { ScheduleTrigger, type ScheduleSpec, type ScheduleTriggerArgs } from "./schedule-trigger";
export { aliasQualifier, triggerPolicyStatements, type TriggerTarget } from "./target";
