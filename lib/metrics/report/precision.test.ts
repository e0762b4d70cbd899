import { describe, expect, it } from "vitest";
import { currencyDecimals, RATIO_DECIMALS, shownValue } from "./precision";

describe("report precision", () => {
  it("rounds money to the currency's minor units", () => {
    expect(shownValue("119225.1375", "money", "USD")).toBe("119225.14");
    expect(shownValue("50.00", "money", "USD")).toBe("50.00");
    expect(shownValue("1234.5", "money", "JPY")).toBe("1235");
    expect(shownValue("1.2345", "money", "KWD")).toBe("1.235");
    expect(shownValue("-12.005", "money", "EUR")).toBe("-12.01");
  });

  it("knows ISO 4217 minor units, including where cash rounding differs", () => {
    expect([currencyDecimals("USD"), currencyDecimals("JPY"), currencyDecimals("KRW"), currencyDecimals("BHD")]).toEqual([2, 0, 0, 3]);
    // Hungarian forint and Indonesian rupiah have two places in ISO 4217, whatever cash does.
    expect([currencyDecimals("HUF"), currencyDecimals("IDR"), currencyDecimals("jpy")]).toEqual([2, 2, 0]);
  });

  it("gives every ratio and percent the same fixed places", () => {
    expect(RATIO_DECIMALS).toBe(4);
    expect(shownValue("4.8", "ratio", "USD")).toBe("4.8000");
    expect(shownValue("3.849", "ratio", "JPY")).toBe("3.8490");
    expect(shownValue("0.02", "percent", "USD")).toBe("0.0200");
    expect(shownValue("0.0167", "percent", "USD")).toBe("0.0167");
  });

  it("leaves counts and n/a alone", () => {
    expect(shownValue(12, "count", "USD")).toBe(12);
    expect(shownValue(null, "money", "USD")).toBeNull();
    expect(shownValue(null, "ratio", "USD")).toBeNull();
  });
});
