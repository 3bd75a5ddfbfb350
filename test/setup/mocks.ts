/**
 * Mocha `--require` file: installs Pulumi's mock engine before any spec file is loaded, so that
 * spec files may import components statically (Pulumi unit testing: https://www.pulumi.com/docs/iac/guides/testing/unit/).
 *
 * The mock implementation lives in `plan/mock-engine.ts`, shared with the offline plan, so the
 * tests exercise exactly the engine the plan uses. Whole-program tests run in child processes
 * (test/helpers/program.ts), because a process can evaluate the program only once.
 */
// The AWS SDK v3 prints a NodeVersionSupportWarning once per process on Node < 22 ("versions
// published after the first week of January 2027 will require node >=22"). It is about the SDK's
// future releases, not about anything this tool does, and every child process repeats it, so it
// is noise here. This is the SDK's own documented opt-out (see emitWarningIfUnsupportedVersion in
// @aws-sdk/core); a value the user set is kept. Upgrading Node to 22 or later also removes it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

import * as pulumi from "@pulumi/pulumi";
import { createMocks, type MockRecorder } from "../../plan/mock-engine";

/** Per-function-name versions that `publish: true` "produces" in component tests. */
export const functionVersions: Record<string, string> = {};

/** AZs an interface endpoint service is offered in, by short name, for component tests (default: every AZ). */
export const endpointServiceAzs: Record<string, string[]> = {};

export const recorder: MockRecorder = createMocks({ accountId: "123456789012", region: "us-east-1", functionVersions, endpointServiceAzs });

void pulumi.runtime.setMocks(recorder.mocks, "private-lambda", "test", false);
recorder.captureParents(pulumi.runtime.getMonitor());
