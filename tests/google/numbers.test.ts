import { describe, expect, it } from "vitest";
import { expectConnectorError } from "./expect-connector-error";
import { doubleToDecimal, expandExponent, microsToDecimal, readCount, readText, textToDecimal } from "@/lib/connectors/google/numbers";

describe("microsToDecimal", async () => {
  it("moves the point six places without floats, rounding to 4 places halves away from zero", async () => {
    expect(microsToDecimal("12340000", "cost", "p")).toBe("12.34");
    expect(microsToDecimal("1000000", "cost", "p")).toBe("1");
    expect(microsToDecimal("999", "cost", "p")).toBe("0.001");
    expect(microsToDecimal("50", "cost", "p")).toBe("0.0001");
    expect(microsToDecimal("49", "cost", "p")).toBe("0");
    expect(microsToDecimal("0", "cost", "p")).toBe("0");
    // Beyond 2^53: a float division would print 123456789012.34568.
    expect(microsToDecimal("123456789012345678", "cost", "p")).toBe("123456789012.3457");
  });

  it("treats an absent value as zero (protobuf JSON omits zeros)", async () => {
    expect(microsToDecimal(undefined, "cost", "p")).toBe("0");
  });

  it("refuses text that is not whole micros, naming the field", async () => {
    expect((await expectConnectorError(() => microsToDecimal("12.5", "results[0].metrics.costMicros", "google_ads"), "bad_response")).message).toContain("results[0].metrics.costMicros");
    await expectConnectorError(() => microsToDecimal("-5", "cost", "p"), "bad_response");
    await expectConnectorError(() => microsToDecimal(null, "cost", "p"), "bad_response");
  });
});

describe("doubleToDecimal", async () => {
  it("reads a JSON number through its exact shortest text", async () => {
    expect(doubleToDecimal(7.5, "c", "p")).toBe("7.5");
    expect(doubleToDecimal(0.3333333333333333, "c", "p")).toBe("0.3333");
    expect(doubleToDecimal(2.00005, "c", "p")).toBe("2.0001");
    expect(doubleToDecimal(0.1 + 0.2, "c", "p")).toBe("0.3");
    expect(doubleToDecimal(1e21, "c", "p")).toBe("1000000000000000000000");
    expect(doubleToDecimal(1.5e-5, "c", "p")).toBe("0");
    expect(doubleToDecimal(6e-5, "c", "p")).toBe("0.0001");
  });

  it("refuses a string where a number is expected; keeps negative adjustments", async () => {
    expect((await expectConnectorError(() => doubleToDecimal("3.5", "metrics.conversions", "google_ads"), "bad_response")).message).toContain("metrics.conversions should be a number");
    expect(doubleToDecimal(-1.25, "c", "p")).toBe("-1.25");
    await expectConnectorError(() => doubleToDecimal(Number.NaN, "c", "p"), "bad_response");
  });
});

describe("textToDecimal, readCount, readText, expandExponent", async () => {
  it("reads decimals sent as text, with or without exponent", async () => {
    expect(textToDecimal("1875.995", "r", "p")).toBe("1875.995");
    expect(textToDecimal("1.23456789E4", "r", "p")).toBe("12345.6789");
    expect(textToDecimal("-4.5", "r", "p")).toBe("-4.5");
    await expectConnectorError(() => textToDecimal("12,5", "r", "p"), "bad_response");
    await expectConnectorError(() => textToDecimal(12.5, "r", "p"), "bad_response");
  });

  it("expands exponents by moving digits", async () => {
    expect(expandExponent("1.5e-7")).toBe("0.00000015");
    expect(expandExponent("1.25E+3")).toBe("1250");
    expect(expandExponent("12.5e1")).toBe("125");
    expect(expandExponent("42")).toBe("42");
  });

  it("reads counts from int64 strings or integers; anything else names the field", async () => {
    expect(readCount("1480", "i", "p")).toBe(1480);
    expect(readCount(12, "i", "p")).toBe(12);
    expect(readCount(undefined, "i", "p")).toBe(0);
    expect((await expectConnectorError(() => readCount("twelve", "rows[2].sessions", "google_analytics"), "bad_response")).message).toContain("rows[2].sessions");
    await expectConnectorError(() => readCount(1.5, "i", "p"), "bad_response");
    await expectConnectorError(() => readCount("99999999999999999999", "i", "p"), "bad_response");
  });

  it("demands text that is present", async () => {
    expect(readText("20450001", "id", "p")).toBe("20450001");
    expect((await expectConnectorError(() => readText(undefined, "campaign.id", "p"), "bad_response")).message).toContain("campaign.id is missing");
  });
});
