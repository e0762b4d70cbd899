import { describe, expect, it } from "vitest";
import { normaliseOrigin, originAllowed, ZAllowedOriginsSchema } from "./origins";

describe("allowed origins", () => {
  it("normalises origins and wildcards, refusing paths, other schemes and bare top-level wildcards", () => {
    expect(normaliseOrigin("https://Shop.Example.com/")).toBe("https://shop.example.com");
    expect(normaliseOrigin("https://shop.example.com:443")).toBe("https://shop.example.com");
    expect(normaliseOrigin("http://localhost:3000")).toBe("http://localhost:3000");
    expect(normaliseOrigin("https://*.Example.com")).toBe("https://*.example.com");
    expect(normaliseOrigin("https://shop.example.com/path")).toBeNull();
    expect(normaliseOrigin("ftp://shop.example.com")).toBeNull();
    expect(normaliseOrigin("https://*.com")).toBeNull();
    expect(normaliseOrigin("shop.example.com")).toBeNull();
  });

  it("matches exact origins and any subdomain of a wildcard, never its bare domain or a look-alike", () => {
    const allowed = ["https://shop.example.com", "https://*.brand.co"];
    expect(originAllowed(allowed, "https://shop.example.com")).toBe(true);
    expect(originAllowed(allowed, "http://shop.example.com")).toBe(false);
    expect(originAllowed(allowed, "https://other.example.com")).toBe(false);
    expect(originAllowed(allowed, "https://eu.brand.co")).toBe(true);
    expect(originAllowed(allowed, "https://a.b.brand.co")).toBe(true);
    expect(originAllowed(allowed, "https://brand.co")).toBe(false);
    expect(originAllowed(allowed, "https://evilbrand.co")).toBe(false);
    expect(originAllowed(allowed, "https://eu.brand.co.evil.com")).toBe(false);
    expect(originAllowed(allowed, "null")).toBe(false);
    expect(originAllowed([], "https://shop.example.com")).toBe(false);
  });

  it("takes null, the origin of sandboxed pages, only as an explicit entry and only as browsers spell it", () => {
    expect(normaliseOrigin(" NULL ")).toBe("null");
    expect(ZAllowedOriginsSchema.parse(["https://shop.example.com", "Null", "null"])).toEqual(["https://shop.example.com", "null"]);
    expect(originAllowed(["https://shop.example.com", "null"], "null")).toBe(true);
    expect(originAllowed(["https://shop.example.com", "null"], "https://shop.example.com")).toBe(true);
    expect(originAllowed(["https://shop.example.com", "null"], "NULL")).toBe(false);
    expect(originAllowed(["https://shop.example.com", "null"], "https://evil.example")).toBe(false);
    expect(originAllowed(["https://*.example.com"], "null")).toBe(false);
  });

  it("names the bad origin in the list", () => {
    const result = ZAllowedOriginsSchema.safeParse(["https://ok.example.com", "not an origin"]);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path).toEqual([1]);
  });
});
