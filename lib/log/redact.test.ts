import { describe, expect, it } from "vitest";
import { captureLogs, log } from "./index";
import { withContext } from "./context";
import { redactText, redactValue } from "./redact";

describe("redaction of log output", () => {
  it("masks emails, phones, bearer tokens, URL secrets and known key formats in text", () => {
    const text = redactText(
      "user jane.doe@example.test called +1 (415) 555-0100 with Bearer abc.def-123 at https://x.test/cb?code=s3cret&state=1 using shpat_0123456789abcdef and postgres://app:hunter2@db/x",
    );
    for (const secret of ["jane.doe@example.test", "555-0100", "abc.def-123", "s3cret", "shpat_0123456789abcdef", "hunter2"]) expect(text).not.toContain(secret);
    expect(text).toContain("state=1");
  });

  it("keeps amounts, dates and ids readable", () => {
    expect(redactText("order 1001 for 129.50 EUR on 2026-01-31, run clx9abc")).toBe("order 1001 for 129.50 EUR on 2026-01-31, run clx9abc");
  });

  it("replaces fields named like secrets or personal data whatever they hold", () => {
    expect(redactValue({ headers: { Authorization: "Basic Zm9v", "x-request-id": "r1" }, accessToken: "t", email: "a@b.test", webhookUrl: "https://hooks.slack.com/services/T/B/X", count: 3 })).toEqual({
      headers: { Authorization: "[redacted]", "x-request-id": "r1" },
      accessToken: "[redacted]",
      email: "[redacted]",
      webhookUrl: "[redacted]",
      count: 3,
    });
  });

  it("writes JSON lines with the request, workspace and job ids, and an error's message redacted", () => {
    const capture = captureLogs();
    try {
      withContext({ requestId: "req-1", workspaceId: "ws-1", jobId: "sync:1" }, () => {
        log.error("sync failed", new Error("token sk_live_abcdef123456 refused for owner@example.test"));
      });
      const [line] = capture.lines().map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(line).toMatchObject({ level: "error", msg: "sync failed", requestId: "req-1", workspaceId: "ws-1", jobId: "sync:1" });
      expect(capture.text()).not.toContain("sk_live_abcdef123456");
      expect(capture.text()).not.toContain("owner@example.test");
    } finally {
      capture.stop();
    }
  });
});
