import { describe, expect, it } from "vitest";
import { mayNotify, nextStep } from "./incident-rule";

describe("the incident rule", () => {
  it("opens on the first firing judgement and tells its destinations", () => {
    expect(nextStep(null, "firing", 0.3, true)).toEqual({ action: "open", notify: true });
  });

  it("stays quiet while an incident keeps firing without getting worse", () => {
    expect(nextStep({ deviation: 0.3, sentDeviation: 0.3 }, "firing", 0.3, true)).toEqual({ action: "update", notify: false });
    expect(nextStep({ deviation: 0.3, sentDeviation: 0.3 }, "firing", 0.44, true)).toEqual({ action: "update", notify: false });
  });

  it("re-sends once the deviation has grown by half again since the last message", () => {
    expect(nextStep({ deviation: 0.3, sentDeviation: 0.3 }, "firing", 0.45, true)).toEqual({ action: "worsen", notify: true });
  });

  it("resolves on the first quiet judgement, telling only those who heard it open", () => {
    expect(nextStep({ deviation: 0.3, sentDeviation: 0.3 }, "quiet", 0, true)).toEqual({ action: "resolve", notify: true });
    expect(nextStep({ deviation: 0.3, sentDeviation: null }, "quiet", 0, true)).toEqual({ action: "resolve", notify: false });
    expect(nextStep(null, "quiet", 0, true)).toEqual({ action: "none" });
  });

  it("neither opens nor resolves on a judgement it could not make", () => {
    expect(nextStep(null, "insufficient", 0, true)).toEqual({ action: "none" });
    expect(nextStep({ deviation: 0.3, sentDeviation: 0.3 }, "insufficient", 0, true)).toEqual({ action: "update", notify: false });
  });

  it("records but does not send while silenced, and announces an open incident once it may", () => {
    expect(nextStep(null, "firing", 0.3, false)).toEqual({ action: "open", notify: false });
    expect(nextStep({ deviation: 0.3, sentDeviation: null }, "firing", 0.3, false)).toEqual({ action: "update", notify: false });
    expect(nextStep({ deviation: 0.3, sentDeviation: null }, "firing", 0.3, true)).toEqual({ action: "announce", notify: true });
  });

  it("treats a snooze as over once its time has come", () => {
    const now = new Date("2026-12-05T10:00:00Z");
    expect(mayNotify({ muted: false, snoozedUntil: null }, now)).toBe(true);
    expect(mayNotify({ muted: true, snoozedUntil: null }, now)).toBe(false);
    expect(mayNotify({ muted: false, snoozedUntil: new Date("2026-12-05T11:00:00Z") }, now)).toBe(false);
    expect(mayNotify({ muted: false, snoozedUntil: new Date("2026-12-05T10:00:00Z") }, now)).toBe(true);
  });
});
