/**
 * Defaults of a function's settings, stated once: the stack config schema (`config/schema.ts`), the
 * `PrivateFunction` component and the release CLI all read them from here.
 */
export const DEFAULT_FUNCTION_SETTINGS = Object.freeze({
  /** Runtime a stack-config function gets when it names none (the component requires one). */
  runtime: "nodejs24.x",
  handler: "index.handler",
  architecture: "arm64",
  memoryMb: 512,
  timeoutSeconds: 10,
  /** /tmp size; 512 MB is included in the price. */
  ephemeralStorageMb: 512,
} as const);

/** The fields whose value is not `undefined`: `{ x: undefined }` must not override a default. */
export function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
