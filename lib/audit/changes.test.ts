import { describe, expect, it } from "vitest";
import { diffFields } from "./changes";

describe("diffFields", () => {
  it("keeps only the fields that changed, absent ones as null", () => {
    expect(diffFields({ name: "A", role: "member", same: 1 }, { name: "B", role: "member", same: 1, added: true })).toEqual({
      added: { before: null, after: true },
      name: { before: "A", after: "B" },
    });
  });

  it("names sensitive fields without their values", () => {
    const changes = diffFields({ email: "a@example.test", webhookUrl: "https://x.test/1", token: "t1" }, { email: "b@example.test", webhookUrl: "https://x.test/2", token: null });
    expect(changes).toEqual({
      email: { before: "[redacted]", after: "[redacted]" },
      token: { before: "[redacted]", after: null },
      webhookUrl: { before: "[redacted]", after: "[redacted]" },
    });
  });

  it("redacts fields the caller names, and writes dates and lists as text", () => {
    const at = new Date("2026-01-02T03:04:05Z");
    expect(diffFields({ note: "x", when: null, list: ["a"] }, { note: "y", when: at, list: ["a", "b"] }, { sensitive: ["note"] })).toEqual({
      list: { before: '["a"]', after: '["a","b"]' },
      note: { before: "[redacted]", after: "[redacted]" },
      when: { before: null, after: "2026-01-02T03:04:05.000Z" },
    });
  });
});
