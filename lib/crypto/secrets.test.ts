import { afterEach, describe, expect, it } from "vitest";
import { generateKeyEntry, keyedHash, needsReseal, open, openJson, seal, sealJson } from "./secrets";

const original = process.env.SECRETS_KEYS;
afterEach(() => {
  process.env.SECRETS_KEYS = original;
});

describe("secrets", () => {
  it("seals with AES-256-GCM and opens again, with a fresh IV each time", () => {
    const a = seal("shpat_secret-token");
    const b = seal("shpat_secret-token");
    expect(a).not.toBe(b);
    expect(a).not.toContain("shpat_secret-token");
    expect(open(a)).toBe("shpat_secret-token");
    expect(openJson(sealJson({ accessToken: "x", n: 1 }))).toEqual({ accessToken: "x", n: 1 });
  });

  it("refuses a tampered envelope", () => {
    const parts = seal("token").split(".");
    const body = Buffer.from(parts[3]!, "base64url");
    body[0] = body[0]! ^ 1;
    parts[3] = body.toString("base64url");
    expect(() => open(parts.join("."))).toThrow();
  });

  it("rotates: a new first key seals, the old one still opens, and old envelopes ask to be re-sealed", () => {
    const old = seal("legacy");
    process.env.SECRETS_KEYS = `${generateKeyEntry("next")},${original}`;
    expect(open(old)).toBe("legacy");
    expect(needsReseal(old)).toBe(true);
    const fresh = seal("new");
    expect(fresh.split(".")[1]).toBe("next");
    expect(needsReseal(fresh)).toBe(false);
    process.env.SECRETS_KEYS = generateKeyEntry("other");
    expect(() => open(old)).toThrow(/not in SECRETS_KEYS/);
  });

  it("rejects a malformed key ring", () => {
    process.env.SECRETS_KEYS = "k1:c2hvcnQ=";
    expect(() => seal("x")).toThrow(/32 bytes/);
  });

  it("hashes emails case-insensitively with a key", () => {
    expect(keyedHash(" Ana@Example.com")).toBe(keyedHash("ana@example.com"));
    expect(keyedHash("ana@example.com")).not.toBe(keyedHash("bo@example.com"));
    expect(keyedHash("ana@example.com")).toMatch(/^[0-9a-f]{64}$/);
  });
});
