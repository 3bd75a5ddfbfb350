import * as pulumi from "@pulumi/pulumi";
import type { RecordedResource } from "../../plan/mock-engine";
import { recorder } from "../setup/mocks";

export { endpointServiceAzs, functionVersions, recorder } from "../setup/mocks";

/** Resolve an Output's value (never use an un-awaited `apply(expect…)`). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise<T>((resolve) => output.apply(resolve));
}

/** Wait until no new registration has arrived for a few ticks (registration is asynchronous). */
export async function settle(): Promise<void> {
  let last = -1;
  let stableTicks = 0;
  while (stableTicks < 3) {
    await new Promise((r) => setTimeout(r, 10));
    if (recorder.resources.length === last) stableTicks++;
    else {
      last = recorder.resources.length;
      stableTicks = 0;
    }
  }
}

/** Recorded resources whose logical name starts with `prefix`. */
export function registered(prefix: string): RecordedResource[] {
  return recorder.resources.filter((r) => r.name === prefix || r.name.startsWith(`${prefix}-`));
}

export function one(prefix: string, type: string, name: string): RecordedResource {
  const found = registered(prefix).filter((r) => r.type === type && r.name === name);
  if (found.length !== 1) throw new Error(`expected one ${type} ${name}, found ${found.length}: ${registered(prefix).map((r) => `${r.type} ${r.name}`).join("; ")}`);
  return found[0]!;
}
