/**
 * Mocha `--require` file: installs Pulumi's mock engine before any spec file is loaded, so that
 * spec files may import components statically (see ../shared/docs/mocks.md §3).
 *
 * The mock implementation itself lives in `plan/mock-engine.ts`, shared with the offline plan,
 * so the tests exercise exactly the engine the plan uses.
 */
import * as pulumi from "@pulumi/pulumi";
import { createMocks, type MockRecorder } from "../../plan/mock-engine";

export const recorder: MockRecorder = createMocks({ accountId: "123456789012", region: "us-east-1" });

void pulumi.runtime.setMocks(recorder.mocks, "private-lambda", "test", false);
