import { describe, expect, it } from "vitest";
import { safeReturnPath } from "./actions";

describe("safeReturnPath", () => {
  it("keeps paths on this site, with their query and fragment", () => {
    expect(safeReturnPath("/w/acme/dashboards?range=30d#top")).toBe("/w/acme/dashboards?range=30d#top");
    expect(safeReturnPath("/")).toBe("/");
  });

  it("refuses what a browser would take off-site", () => {
    const hostile = [
      "//evil.test",
      "/\\evil.test",
      "/\t/evil.test",
      "/\n/evil.test",
      "/\r/evil.test",
      decodeURIComponent("%2F%09%2Fevil.test"),
      decodeURIComponent("%2F%0A%2Fevil.test"),
      " //evil.test",
      "/ /evil.test",
      "https://evil.test",
      "javascript:alert(1)",
      "evil.test",
      "",
    ];
    for (const value of hostile) expect(safeReturnPath(value), JSON.stringify(value)).toBeNull();
    expect(safeReturnPath(undefined)).toBeNull();
    expect(safeReturnPath(["/w"])).toBeNull();
  });
});
