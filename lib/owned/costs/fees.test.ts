import { describe, expect, it } from "vitest";
import { parseDecimal } from "@/lib/metrics/definitions/decimal";
import { channelCosts, totalCost, ZOwnedCostSettingsSchema } from "./fees";

describe("owned-channel costs", () => {
  it("costs real and test sends apart and leaves test sends out of ROAS", () => {
    const rows = channelCosts(
      [
        { channel: "email", sends: 10_000, segments: 0, points: 0, testSends: 25, testSegments: 0, testPoints: 0, revenue: parseDecimal("360") },
        { channel: "sms", sends: 1_000, segments: 1_600, points: 0, testSends: 4, testSegments: 6, testPoints: 0, revenue: parseDecimal("126.40") },
        { channel: "push", sends: 50, segments: 0, points: 0, testSends: 0, testSegments: 0, testPoints: 0, revenue: parseDecimal("5") },
      ],
      [
        { channel: "email", unit: "send", fee: "0.0012" },
        { channel: "sms", unit: "segment", fee: "0.0079" },
      ],
    );
    expect(rows[0]).toMatchObject({ cost: parseDecimal("12"), testCost: parseDecimal("0.03"), roas: parseDecimal("30") });
    expect(rows[1]).toMatchObject({ cost: parseDecimal("12.64"), testCost: parseDecimal("0.0474"), roas: parseDecimal("10") });
    expect(rows[2]).toMatchObject({ cost: 0n, roas: null });
    const total = totalCost(rows);
    expect(total.cost).toBe(parseDecimal("24.64"));
    expect(total.testCost).toBe(parseDecimal("0.0774"));
    expect(total.testSends).toBe(29);
    expect(total.roas).toBe(parseDecimal("19.9432"));
  });

  it("bills a point-priced channel by its points and a fraction-of-a-cent fee exactly", () => {
    const [line] = channelCosts(
      [{ channel: "line", sends: 3, segments: 0, points: 7, testSends: 1, testSegments: 0, testPoints: 2, revenue: parseDecimal("1.05") }],
      [{ channel: "line", unit: "point", fee: "0.0075" }],
    );
    // 7 x 0.0075 = 0.0525; 2 x 0.0075 = 0.015; 1.05 / 0.0525 = 20.
    expect(line).toMatchObject({ cost: parseDecimal("0.0525"), testCost: parseDecimal("0.015"), roas: parseDecimal("20") });
  });

  it("refuses a negative fee, naming the field", () => {
    const parsed = ZOwnedCostSettingsSchema.safeParse({ fees: [{ channel: "sms", unit: "segment", fee: -1 }] });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(["fees", 0, "fee"]);
    expect(ZOwnedCostSettingsSchema.safeParse({ fees: [{ channel: "sms", fee: "0.00791" }] }).success).toBe(false);
    const twice = ZOwnedCostSettingsSchema.safeParse({ fees: [{ channel: "sms", fee: "1" }, { channel: "sms", fee: "2" }] });
    expect(twice.error?.issues[0]?.path).toEqual(["fees"]);
    expect(ZOwnedCostSettingsSchema.parse({ fees: [{ channel: "sms", fee: 0.5 }] })).toEqual({
      fees: [{ channel: "sms", unit: "send", fee: "0.5" }],
      include_in_blended: false,
    });
  });
});
