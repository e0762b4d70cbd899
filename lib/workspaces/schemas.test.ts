import { describe, expect, it } from "vitest";
import {
  currencies,
  RESERVED_SLUGS,
  slugify,
  timeZones,
  ZCreateWorkspaceSchema,
  ZCurrency,
  ZSlug,
  ZTimeZone,
  ZUpdateWorkspaceSchema,
} from "./schemas";

const issue = (result: { success: boolean; error?: { issues: { message: string }[] } }) => result.error?.issues[0]?.message;

describe("slugify", () => {
  it.each([
    ["Acme Outdoor Co.", "acme-outdoor-co"],
    ["  Hello,   World!  ", "hello-world"],
    ["Café Münster", "cafe-munster"],
    ["Crème Brûlée 2024", "creme-brulee-2024"],
    ["--already-a-slug--", "already-a-slug"],
    ["UPPER_case__Name", "upper-case-name"],
  ])("%j -> %j", (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });

  it("cuts long names to 40 characters without a trailing dash", () => {
    const slug = slugify(`${"a".repeat(39)} bcd efg`);
    expect(slug).toBe("a".repeat(39));
    expect(slugify("word ".repeat(30)).length).toBeLessThanOrEqual(40);
    expect(slugify("word ".repeat(30))).not.toMatch(/-$/);
  });

  it("pads names that are too short, reserved or have no usable characters", () => {
    expect(slugify("ab")).toBe("ab-ws");
    expect(slugify("X")).toBe("x-ws");
    expect(slugify("API")).toBe("api-ws");
    expect(slugify("Settings")).toBe("settings-ws");
    expect(slugify("!!!")).toBe("workspace-ws");
    expect(slugify("日本語")).toBe("workspace-ws");
  });

  it("always produces a slug that ZSlug accepts", () => {
    const names = ["Acme", "a", "", "   ", "new", "www", "sign-in", "日本語の店", "x".repeat(100), "Ünïcödé Störe", "a-b", "9", "---", "Z".repeat(41)];
    for (const word of RESERVED_SLUGS) names.push(word, word.toUpperCase());
    for (const name of names) {
      const slug = slugify(name);
      expect(ZSlug.safeParse(slug), `slugify(${JSON.stringify(name)}) = ${JSON.stringify(slug)}`).toMatchObject({ success: true, data: slug });
    }
  });
});

describe("ZSlug", () => {
  it("trims and lower-cases", () => {
    expect(ZSlug.parse("  Acme-Co  ")).toBe("acme-co");
  });

  it.each(["abc", "a1b", "my-shop-2", "x".repeat(48)])("accepts %j", (slug) => {
    expect(ZSlug.safeParse(slug)).toMatchObject({ success: true, data: slug });
  });

  it.each([
    ["too short", "ab", /at least 3/],
    ["too long", "x".repeat(49), /at most 48/],
    ["leading dash", "-abc", /lower-case letters/],
    ["trailing dash", "abc-", /lower-case letters/],
    ["underscore", "a_bc", /lower-case letters/],
    ["space inside", "a bc", /lower-case letters/],
    ["non-ascii", "café", /lower-case letters/],
  ])("rejects %s", (_label, slug, message) => {
    const result = ZSlug.safeParse(slug);
    expect(result.success).toBe(false);
    expect(issue(result)).toMatch(message);
  });

  it("rejects every reserved word, in any case", () => {
    for (const word of RESERVED_SLUGS) {
      if (word.length < 3) continue; // "w" fails on length first
      for (const spelling of [word, word.toUpperCase(), ` ${word} `]) {
        const result = ZSlug.safeParse(spelling);
        expect(result.success, spelling).toBe(false);
        expect(issue(result)).toMatch(/reserved/);
      }
    }
    expect(ZSlug.safeParse("w").success).toBe(false);
    expect(RESERVED_SLUGS.has("api")).toBe(true);
    expect(RESERVED_SLUGS.has("admin")).toBe(true);
  });

  it("lets reserved words be part of a longer slug", () => {
    expect(ZSlug.safeParse("api-shop").success).toBe(true);
    expect(ZSlug.safeParse("my-admin").success).toBe(true);
  });

  it("says what is wrong with a non-string", () => {
    expect(issue(ZSlug.safeParse(42))).toBe("Enter an address.");
  });
});

describe("ZTimeZone", () => {
  it.each(["UTC", "America/New_York", "Europe/Berlin", "Asia/Tokyo", "Australia/Sydney"])("accepts %s", (tz) => {
    expect(ZTimeZone.safeParse(tz)).toMatchObject({ success: true, data: tz });
  });

  it.each(["", "Mars/Olympus_Mons", "New York", "EST5EDT-ish", "+05:00"])("rejects %j", (tz) => {
    const result = ZTimeZone.safeParse(tz);
    expect(result.success).toBe(false);
    expect(issue(result)).toMatch(/IANA time zone/);
  });

  it("accepts current IANA names that the runtime lists under an older alias, and stores the listed name", () => {
    // Node's ICU lists "Asia/Calcutta" and "Europe/Kiev", but browsers report "Asia/Kolkata" and "Europe/Kyiv".
    for (const tz of ["Asia/Kolkata", "Europe/Kyiv", "Etc/UTC"]) {
      const result = ZTimeZone.safeParse(tz);
      expect(result.success, tz).toBe(true);
      expect(timeZones()).toContain(result.data);
    }
  });

  it("stores an alias or another spelling under the listed name", () => {
    expect(ZTimeZone.parse("Etc/UTC")).toBe("UTC");
    expect(ZTimeZone.parse("america/new_york")).toBe("America/New_York");
    expect(timeZones()).toContain(ZTimeZone.parse("Asia/Kolkata"));
  });

  it("rejects a non-string", () => {
    expect(issue(ZTimeZone.safeParse(undefined))).toBe("Choose a time zone.");
  });

  it("lists UTC and is sorted", () => {
    const list = timeZones();
    expect(list).toContain("UTC");
    expect(list).toContain("America/New_York");
    expect([...list].sort()).toEqual(list);
  });
});

describe("ZCurrency", () => {
  it("normalises case and spaces", () => {
    expect(ZCurrency.parse("usd")).toBe("USD");
    expect(ZCurrency.parse(" eur ")).toBe("EUR");
    expect(ZCurrency.parse("Jpy")).toBe("JPY");
  });

  it.each(["", "US", "USDD", "XYZ", "dollar", "12€"])("rejects %j", (code) => {
    const result = ZCurrency.safeParse(code);
    expect(result.success).toBe(false);
    expect(issue(result)).toMatch(/ISO 4217/);
  });

  it("lists three-letter codes, sorted", () => {
    const list = currencies();
    expect(list).toContain("USD");
    expect(list.every((code) => /^[A-Z]{3}$/.test(code))).toBe(true);
    expect([...list].sort()).toEqual(list);
  });
});

describe("workspace schemas", () => {
  it("create defaults to UTC and USD", () => {
    expect(ZCreateWorkspaceSchema.parse({ name: " Shop " })).toEqual({ name: "Shop", timeZone: "UTC", currency: "USD" });
  });

  it("create rejects an empty or over-long name", () => {
    expect(ZCreateWorkspaceSchema.safeParse({ name: "   " }).success).toBe(false);
    expect(ZCreateWorkspaceSchema.safeParse({ name: "x".repeat(65) }).success).toBe(false);
    expect(ZCreateWorkspaceSchema.safeParse({ name: "x".repeat(64) }).success).toBe(true);
  });

  it("update takes any subset but no unknown keys", () => {
    expect(ZUpdateWorkspaceSchema.parse({})).toEqual({});
    expect(ZUpdateWorkspaceSchema.parse({ currency: "gbp" })).toEqual({ currency: "GBP" });
    expect(ZUpdateWorkspaceSchema.safeParse({ id: "other" }).success).toBe(false);
  });
});
