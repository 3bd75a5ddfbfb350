/**
 * Physical names, derived in one place: `<project>-<stack>-<key>` for functions and tables, and the
 * names of a function's trigger resources. Each is shortened to its AWS maximum by the one hash
 * shortener, {@link shortenName}, so names are known before deploy and unique per stack. Pure, no
 * imports: the config wing and the components both use it.
 */

/** `full` if it fits in `max` characters, else its head plus an 8-hex hash of the whole (deterministic). */
export function shortenName(full: string, max: number): string {
  if (full.length <= max) return full;
  let h = 0;
  for (const c of full) h = (Math.imul(h, 31) + c.charCodeAt(0)) >>> 0;
  return `${full.slice(0, max - 9)}-${h.toString(16).padStart(8, "0")}`;
}

/** Physical names of a function's trigger resources, derived from its physical name (≤ 64). */
export interface TriggerNames {
  /** SQS source queue (≤ 80). */
  readonly queue: string;
  /** Its dead-letter queue (≤ 80). */
  readonly deadLetterQueue: string;
  /** The async on-failure queue (≤ 80). */
  readonly asyncFailureQueue: string;
  /** IAM role EventBridge Scheduler assumes (≤ 64). */
  readonly schedulerRole: string;
  /** REST API name. */
  readonly api: string;
}

export function triggerNames(functionName: string): TriggerNames {
  return {
    queue: shortenName(`${functionName}-queue`, 80),
    deadLetterQueue: shortenName(`${functionName}-dlq`, 80),
    asyncFailureQueue: shortenName(`${functionName}-async-failures`, 80),
    schedulerRole: shortenName(`${functionName}-scheduler`, 64),
    api: shortenName(`${functionName}-api`, 128),
  };
}

/** Physical name of a schedule (Scheduler: ≤ 64, `[0-9a-zA-Z-_.]`). */
export function schedulePhysicalName(functionName: string, scheduleName: string): string {
  return shortenName(`${functionName}-${scheduleName}`, 64);
}

/**
 * Physical name `<project>-<stack>-<key>` for functions and tables, shortened with a hash suffix
 * to 64 characters (Lambda's limit), so names are known before deploy and unique per stack.
 */
export function physicalResourceName(project: string, stack: string, key: string): string {
  return shortenName(`${project}-${stack}-${key}`, 64);
}
