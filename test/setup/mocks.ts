/**
 * Mocha `--require` file: installs Pulumi's mock engine before any spec file is loaded, so that
 * spec files may import components statically (see ../shared/docs/mocks.md §3).
 *
 * The mock implementation lives in `plan/mock-engine.ts`, shared with the offline plan, so the
 * tests exercise exactly the engine the plan uses. Whole-program tests run in child processes
 * (test/helpers/program.ts), because a process can evaluate the program only once.
 */
import * as pulumi from "@pulumi/pulumi";
import { createMocks, type MockRecorder } from "../../plan/mock-engine";

/** Per-function-name versions that `publish: true` "produces" in component tests. */
export const functionVersions: Record<string, string> = {};

/** AZs an interface endpoint service is offered in, by short name, for component tests (default: every AZ). */
export const endpointServiceAzs: Record<string, string[]> = {};

export const recorder: MockRecorder = createMocks({ accountId: "123456789012", region: "us-east-1", functionVersions, endpointServiceAzs });

void pulumi.runtime.setMocks(recorder.mocks, "private-lambda", "test", false);
recorder.captureParents(pulumi.runtime.getMonitor());
