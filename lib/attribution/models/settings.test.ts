import { describe, expect, it } from "vitest";
import { parseInput } from "@/lib/validation";
import { expectAppErrorSync } from "@/tests/helpers";
import { attributionModelSchema, lookbackWindowSchema, parseModelSettings, ruleModelSchema } from "./settings";

describe("parseModelSettings", () => {
  it("fills the defaults: a 7-day half-life and 40/20/40", () => {
    expect(parseModelSettings(undefined)).toEqual({ halfLifeDays: 7, positionBased: { first: 0.4, last: 0.4 } });
    expect(parseModelSettings({ positionBased: { last: 0.5 } })).toEqual({ halfLifeDays: 7, positionBased: { first: 0.4, last: 0.5 } });
  });

  it("reads numbers given as text, as query strings carry them", () => {
    expect(parseModelSettings({ halfLifeDays: "3.5", positionBased: { first: "0.7", last: "0.3" } })).toEqual({
      halfLifeDays: 3.5,
      positionBased: { first: 0.7, last: 0.3 },
    });
  });

  it.each([0, -2, "0", "soon", Number.NaN, Number.POSITIVE_INFINITY])("refuses a half-life of %s, naming it", (halfLifeDays) => {
    const error = expectAppErrorSync(() => parseModelSettings({ halfLifeDays }), "bad_request");
    expect(Object.keys(error.fields ?? {})).toEqual(["halfLifeDays"]);
    expect(error.fields?.halfLifeDays).toMatch(/half-life/);
  });

  it.each([
    [{ first: 1.2 }, "positionBased.first"],
    [{ last: -0.1 }, "positionBased.last"],
    [{ first: "half" }, "positionBased.first"],
    [{ first: 0.7, last: 0.4 }, "positionBased"],
  ])("refuses position weights %j, naming %s", (positionBased, field) => {
    const error = expectAppErrorSync(() => parseModelSettings({ positionBased }), "bad_request");
    expect(Object.keys(error.fields ?? {})).toEqual([field]);
  });
});

describe("model and window parameters", () => {
  it("accepts every model and refuses others with the list", () => {
    expect(parseInput(attributionModelSchema, "markov")).toBe("markov");
    const error = expectAppErrorSync(() => parseInput(attributionModelSchema, "u_shaped"), "bad_request");
    expect(error.message).toMatch(/Unknown model.*first_touch.*shapley/);
    expectAppErrorSync(() => parseInput(ruleModelSchema, "markov"), "bad_request");
  });

  it("accepts the five windows as numbers or text", () => {
    expect(parseInput(lookbackWindowSchema, 28)).toBe(28);
    expect(parseInput(lookbackWindowSchema, "90")).toBe(90);
  });

  it.each([30, "30", 0, "7d", "", null, 7.5])("refuses the window %j", (window) => {
    const error = expectAppErrorSync(() => parseInput(lookbackWindowSchema, window), "bad_request");
    expect(error.message).toMatch(/Unknown window: use one of 1, 7, 14, 28, 90/);
  });
});
