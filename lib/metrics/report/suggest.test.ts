import { describe, expect, it } from "vitest";
import { closestIds, editDistance } from "./suggest";

const IDS = ["gross_sales", "net_sales", "total_sales", "ad_revenue", "revenue", "roas", "romi", "orders", "cac"];

describe("closestIds", () => {
  it("counts edits", () => {
    expect(editDistance("revenu", "revenue")).toBe(1);
    expect(editDistance("roas", "romi")).toBe(2);
    expect(editDistance("", "cac")).toBe(3);
  });

  it("suggests typo-sized misses first, then ids sharing a word", () => {
    expect(closestIds("revenu", IDS)).toEqual(["revenue"]);
    expect(closestIds("revenue_per_visit", IDS)).toEqual(["revenue", "ad_revenue"]);
    expect(closestIds("sales", IDS)).toEqual(["net_sales", "gross_sales", "total_sales"]);
    expect(closestIds("ROAS", IDS)[0]).toBe("roas");
  });

  it("suggests nothing for a word close to no id", () => {
    expect(closestIds("impressionz_by_hour", IDS)).toEqual([]);
  });
});
