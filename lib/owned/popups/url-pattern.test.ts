import { describe, expect, it } from "vitest";
import { urlPatternMatches } from "./url-pattern";

describe("urlPatternMatches", () => {
  const page = (path: string) => `https://shop.example.com${path}`;

  it("matches a glob over the path and query, * standing for any run of characters", () => {
    expect(urlPatternMatches("*", page("/"))).toBe(true);
    expect(urlPatternMatches("/products/*", page("/products/boots"))).toBe(true);
    expect(urlPatternMatches("/products/*", page("/products/"))).toBe(true);
    expect(urlPatternMatches("/products/*", page("/collections/boots"))).toBe(false);
    expect(urlPatternMatches("/products/*", page("/products"))).toBe(false);
    expect(urlPatternMatches("/cart", page("/cart"))).toBe(true);
    expect(urlPatternMatches("/cart", page("/cart?step=2"))).toBe(false);
    expect(urlPatternMatches("/cart*", page("/cart?step=2"))).toBe(true);
    expect(urlPatternMatches("*utm_source=news*", page("/a?utm_source=news&b=1"))).toBe(true);
    expect(urlPatternMatches("/*/boots", page("/en/winter/boots"))).toBe(true);
    expect(urlPatternMatches("/*/boots", page("/en/winter/boots/red"))).toBe(false);
  });

  it("compares a pattern with a scheme against the whole URL", () => {
    expect(urlPatternMatches("https://shop.example.com/*", page("/x"))).toBe(true);
    expect(urlPatternMatches("https://other.example.com/*", page("/x"))).toBe(false);
  });

  it("treats everything but * literally, and refuses what is no URL", () => {
    expect(urlPatternMatches("/a.b", page("/axb"))).toBe(false);
    expect(urlPatternMatches("/(x)+", page("/(x)+"))).toBe(true);
    expect(urlPatternMatches("*", "not a url")).toBe(false);
  });

  it("stays fast on a pattern built to backtrack", () => {
    const started = performance.now();
    expect(urlPatternMatches("*a*a*a*a*a*a*a*a*b", page("/" + "a".repeat(2000)))).toBe(false);
    expect(performance.now() - started).toBeLessThan(200);
  });
});
