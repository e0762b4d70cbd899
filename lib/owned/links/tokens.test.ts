import { describe, expect, it } from "vitest";
import { TOKEN_TTL_DAYS, signToken, verifyToken } from "./tokens";

process.env.HASH_SECRET ??= "test-hash-secret";

const WS = "cmiqz3k2p0000abcdxyz01234";
const DAY = 86_400_000;

describe("tracked-link tokens", () => {
  it("carry the workspace, send and link back, short and without anything personal", () => {
    const token = signToken({ kind: "link", workspaceId: WS, sendId: 123_456_789n, linkId: 42n });
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(token.length).toBeLessThanOrEqual(48);
    expect(verifyToken(token, "link")).toMatchObject({ kind: "link", workspaceId: WS, sendId: 123_456_789n, linkId: 42n });
    const other = signToken({ kind: "link", workspaceId: "workspace-not-a-cuid", sendId: 1n, linkId: 0n });
    expect(verifyToken(other, "link")).toMatchObject({ workspaceId: "workspace-not-a-cuid", sendId: 1n, linkId: 0n });
  });

  it("refuses any changed character, naming the workspace only when the signature is what failed", () => {
    const token = signToken({ kind: "link", workspaceId: WS, sendId: 7n, linkId: 3n });
    let tampered = 0;
    for (let i = 0; i < token.length; i++) {
      const swapped = token.slice(0, i) + (token[i] === "A" ? "B" : "A") + token.slice(i + 1);
      const result = verifyToken(swapped, "link");
      expect(result, `position ${i}`).toHaveProperty("reason");
      if ("reason" in result && result.reason === "tampered") tampered++;
    }
    // Most positions still parse (then the MAC fails); a few break the layout itself.
    expect(tampered).toBeGreaterThan(token.length / 2);
    const lastByteChanged = token.slice(0, -1) + (token.endsWith("A") ? "B" : "A");
    expect(verifyToken(lastByteChanged, "link")).toEqual({ reason: "tampered", workspaceId: WS });
  });

  it("refuses garbage, a pixel token used as a link, and a token past its days", () => {
    for (const junk of ["", "x", "%%%%%%%%%%%%%%%%%%", "A".repeat(300), "AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"]) {
      expect(verifyToken(junk, "link")).toHaveProperty("reason");
    }
    const pixel = signToken({ kind: "open", workspaceId: WS, sendId: 7n, linkId: 0n });
    expect(verifyToken(pixel, "link")).toEqual({ reason: "wrong_kind", workspaceId: WS });
    const issuedAt = new Date("2026-01-01T00:00:00Z");
    const old = signToken({ kind: "link", workspaceId: WS, sendId: 7n, linkId: 1n, issuedAt });
    expect(verifyToken(old, "link", new Date(issuedAt.getTime() + TOKEN_TTL_DAYS * DAY))).toHaveProperty("sendId", 7n);
    expect(verifyToken(old, "link", new Date(issuedAt.getTime() + (TOKEN_TTL_DAYS + 1) * DAY))).toEqual({ reason: "expired", workspaceId: WS });
  });

  it("depends on HASH_SECRET: another secret's token is tampered", () => {
    const token = signToken({ kind: "link", workspaceId: WS, sendId: 9n, linkId: 1n });
    const saved = process.env.HASH_SECRET;
    process.env.HASH_SECRET = "another-secret";
    try {
      expect(verifyToken(token, "link")).toEqual({ reason: "tampered", workspaceId: WS });
    } finally {
      process.env.HASH_SECRET = saved;
    }
  });
});
