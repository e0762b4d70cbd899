import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { hashToken, makeScopedToken, randomSecret, safeEqual, splitScopedToken } from "./tokens";

const WORKSPACE_ID = "cm3k9x0ab0000qwerty12345"; // shaped like a cuid

describe("randomSecret", () => {
  it("is base64url of the requested number of bytes", () => {
    const secret = randomSecret();
    expect(secret).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(secret, "base64url")).toHaveLength(32);
    expect(Buffer.from(randomSecret(16), "base64url")).toHaveLength(16);
  });

  it("does not repeat", () => {
    const secrets = new Set(Array.from({ length: 200 }, () => randomSecret()));
    expect(secrets.size).toBe(200);
  });
});

describe("hashToken", () => {
  it("is hex SHA-256", () => {
    // FIPS 180-2 test vector.
    expect(hashToken("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const token = randomSecret();
    expect(hashToken(token)).toBe(crypto.createHash("sha256").update(token).digest("hex"));
    expect(hashToken(token)).not.toContain(token);
  });

  it("is deterministic and tells tokens apart", () => {
    const token = randomSecret();
    expect(hashToken(token)).toBe(hashToken(token));
    expect(hashToken(token)).not.toBe(hashToken(`${token}x`));
  });
});

describe("safeEqual", () => {
  it("compares strings, including ones of different length, without throwing", () => {
    expect(safeEqual("abc", "abc")).toBe(true);
    expect(safeEqual("abc", "abd")).toBe(false);
    expect(safeEqual("abc", "abcd")).toBe(false);
    expect(safeEqual("", "")).toBe(true);
    expect(safeEqual("", "a")).toBe(false);
  });
});

describe("scoped tokens", () => {
  it("carry their workspace id, with or without a prefix", () => {
    const plain = makeScopedToken(WORKSPACE_ID);
    expect(plain.startsWith(`${WORKSPACE_ID}.`)).toBe(true);
    expect(splitScopedToken(plain)).toEqual({ workspaceId: WORKSPACE_ID });

    const prefixed = makeScopedToken(WORKSPACE_ID, "sb_");
    expect(prefixed.startsWith(`sb_${WORKSPACE_ID}.`)).toBe(true);
    expect(splitScopedToken(prefixed, "sb_")).toEqual({ workspaceId: WORKSPACE_ID });
  });

  it("are unique per call", () => {
    expect(makeScopedToken(WORKSPACE_ID)).not.toBe(makeScopedToken(WORKSPACE_ID));
  });

  it("reject a missing or different prefix", () => {
    const prefixed = makeScopedToken(WORKSPACE_ID, "sb_");
    expect(splitScopedToken(prefixed)).toBeNull(); // "sb_..." is not a valid workspace id
    expect(splitScopedToken(makeScopedToken(WORKSPACE_ID), "sb_")).toBeNull();
    expect(splitScopedToken(makeScopedToken(WORKSPACE_ID, "xx_"), "sb_")).toBeNull();
  });

  it.each([
    ["empty", ""],
    ["no dot", `${WORKSPACE_ID}secret`],
    ["leading dot", `.${randomSecret()}`],
    ["trailing dot", `${WORKSPACE_ID}.`],
    ["upper-case workspace id", `${WORKSPACE_ID.toUpperCase()}.${randomSecret()}`],
    ["workspace id too short", `abc1234.${randomSecret()}`],
    ["workspace id too long", `${"a".repeat(41)}.${randomSecret()}`],
    ["punctuation in workspace id", `cm3k9x0ab-0000.${randomSecret()}`],
    ["longer than 200 characters", `${WORKSPACE_ID}.${"a".repeat(200)}`],
  ])("reject a malformed token (%s)", (_label, token) => {
    expect(splitScopedToken(token)).toBeNull();
    expect(splitScopedToken(`sb_${token}`, "sb_")).toBeNull();
  });

  it("accept the boundary lengths of a workspace id", () => {
    expect(splitScopedToken(`${"a".repeat(8)}.s`)).toEqual({ workspaceId: "a".repeat(8) });
    expect(splitScopedToken(`${"a".repeat(40)}.s`)).toEqual({ workspaceId: "a".repeat(40) });
  });
});
