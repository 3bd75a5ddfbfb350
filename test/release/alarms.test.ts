import { expect } from "chai";
import { mockClient, type AwsClientStub } from "aws-sdk-client-mock";
import { CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import { CloudWatchAlarmReader, expectedAlarmNames, failedReading, NO_CREDENTIALS, summarizeAlarms } from "../../release/alarms";
import { ALARM_DEFAULTS } from "../../release/stack-config";

describe("release/alarms", () => {
  // Created per test: other spec files mock and restore CloudWatchClient too.
  let cw: AwsClientStub<CloudWatchClient>;
  beforeEach(() => (cw = mockClient(CloudWatchClient)));
  afterEach(() => cw.restore());
  const reader = () => new CloudWatchAlarmReader(new CloudWatchClient({ region: "ap-south-1" }));

  it("reads the state of each named alarm and marks the ones that do not exist", async () => {
    cw.on(DescribeAlarmsCommand).resolves({
      MetricAlarms: [
        { AlarmName: "a", StateValue: "OK" },
        { AlarmName: "b", StateValue: "ALARM", StateReason: "Threshold Crossed" },
      ],
    });
    const r = await reader().read(["a", "b", "c"]);
    expect(r).to.deep.equal({
      ok: true,
      alarms: [
        { name: "a", state: "OK", reason: undefined },
        { name: "b", state: "ALARM", reason: "Threshold Crossed" },
        { name: "c", state: "MISSING" },
      ],
    });
    expect(cw.commandCalls(DescribeAlarmsCommand)[0]!.args[0].input).to.deep.equal({ AlarmNames: ["a", "b", "c"], NextToken: undefined });
  });

  it("follows NextToken and asks for at most 100 names per call", async () => {
    const names = Array.from({ length: 150 }, (_, i) => `alarm-${i}`);
    cw.on(DescribeAlarmsCommand)
      .resolvesOnce({ MetricAlarms: [{ AlarmName: "alarm-0", StateValue: "OK" }], NextToken: "t1" })
      .resolves({ MetricAlarms: names.slice(1).map((n) => ({ AlarmName: n, StateValue: "OK" as const })) });
    const r = await reader().read(names);
    const calls = cw.commandCalls(DescribeAlarmsCommand).map((c) => c.args[0].input);
    expect(calls.map((c) => [c.AlarmNames!.length, c.NextToken])).to.deep.equal([
      [100, undefined],
      [100, "t1"],
      [50, undefined],
    ]);
    expect(r.ok && r.alarms.every((a) => a.state === "OK")).to.equal(true);
  });

  it("turns a missing-credentials error into a reading that says what to set", async () => {
    cw.on(DescribeAlarmsCommand).rejects(Object.assign(new Error("Could not load credentials from any providers"), { name: "CredentialsProviderError" }));
    expect(await reader().read(["a"])).to.deep.equal({ ok: false, reason: NO_CREDENTIALS, missingCredentials: true });
    expect(NO_CREDENTIALS).to.match(/^no AWS credentials: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/);
  });

  it("reports rejected credentials and other API errors without throwing", () => {
    expect(failedReading(Object.assign(new Error("The security token included in the request is expired"), { name: "ExpiredTokenException" }))).to.deep.include({ ok: false, missingCredentials: false });
    expect(failedReading(Object.assign(new Error("Rate exceeded"), { name: "Throttling" }))).to.deep.equal({ ok: false, reason: "DescribeAlarms failed: Throttling: Rate exceeded", missingCredentials: false });
  });

  it("names alarms like the component: <function>-<alias>-<role>, canary alarms only during a canary", () => {
    expect(expectedAlarmNames("f", "live", ALARM_DEFAULTS, 10, false)).to.deep.equal(["f-live-alarm-errors", "f-live-alarm-throttles", "f-live-alarm-p99-duration"]);
    expect(expectedAlarmNames("f", "live", ALARM_DEFAULTS, 10, true)).to.have.length(5).and.include("f-live-canary-alarm-errors").and.not.include("f-live-canary-alarm-throttles");
    expect(expectedAlarmNames("f", "live", { ...ALARM_DEFAULTS, enabled: false }, 10, true)).to.deep.equal([]);
  });

  it("summarises states, firing alarms by name first", () => {
    expect(
      summarizeAlarms([
        { name: "x", state: "OK" },
        { name: "y", state: "ALARM" },
        { name: "z", state: "INSUFFICIENT_DATA" },
      ]),
    ).to.equal("1 ALARM (y), 1 INSUFFICIENT_DATA, 1 OK");
  });
});
