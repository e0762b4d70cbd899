import { describe, expect, it } from "vitest";
import { creditsFor, decodeCredits, encodeCredits, listOf } from "./credit-store";
import { ORDER_PARTS, orderCredits, sharesOf, windowsOf, type TDataDrivenFits, type TJourneyTouch } from "./credits";
import { ATTRIBUTION_MODELS, DEFAULT_MODEL_SETTINGS, LOOKBACK_WINDOWS, apportionMinor } from "./models";

const ORDER_AT = new Date("2026-11-20T12:00:00Z");
const DAY_MS = 86_400_000;
const FITS: TDataDrivenFits = {
  markov: { weights: { google: 0.5, facebook: 0.3, email: 0.2 } },
  shapley: { weights: { google: 0.2, facebook: 0.6, direct: 0.2 } },
};
const CHANNELS = ["google", "facebook", "email", "direct", "tiktok"];

function touch(daysBefore: number, channel: string, paid: boolean, campaign = ""): TJourneyTouch {
  const at = new Date(ORDER_AT.getTime() - daysBefore * DAY_MS);
  return { at, day: at.toISOString().slice(0, 10), channel, direct: channel === "direct", paid, platform: paid ? `${channel}_ads` : "", campaign };
}

/** A reproducible journey of 1 to 8 touches over the 90 days (some on the same day, one sometimes after the order). */
function journey(seed: number): TJourneyTouch[] {
  let state = seed;
  const next = () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const touches = Array.from({ length: 1 + Math.floor(next() * 8) }, () =>
    touch(next() < 0.4 ? next() * 2 : next() * 95 - 3, CHANNELS[Math.floor(next() * CHANNELS.length)]!, next() < 0.5, next() < 0.3 ? "c1" : ""),
  );
  return touches.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** Each model, window and flag's credit worked out on its own, per group: what every credit run must add up to. */
function creditsWindowByWindow(touches: readonly TJourneyTouch[], revenueMinor: bigint) {
  const out = new Map<string, { ordersMicro: bigint; revenueMinor: bigint }>();
  for (const windowDays of LOOKBACK_WINDOWS) {
    for (const paidOnly of [false, true]) {
      const kept = touches.filter((t) => t.at <= ORDER_AT && t.at.getTime() >= ORDER_AT.getTime() - windowDays * DAY_MS && (!paidOnly || t.paid));
      if (kept.length === 0) continue;
      for (const model of ATTRIBUTION_MODELS) {
        const shares = sharesOf(model, kept, ORDER_AT, DEFAULT_MODEL_SETTINGS, FITS)!;
        const orders = apportionMinor(ORDER_PARTS, shares);
        const revenue = apportionMinor(revenueMinor, shares);
        kept.forEach((t, i) => {
          if (orders[i] === 0n && revenue[i] === 0n) return;
          const key = [model, windowDays, paidOnly, t.channel, t.platform, t.campaign, t.day].join("/");
          const sum = out.get(key) ?? { ordersMicro: 0n, revenueMinor: 0n };
          out.set(key, { ordersMicro: sum.ordersMicro + orders[i]!, revenueMinor: sum.revenueMinor + revenue[i]! });
        });
      }
    }
  }
  return out;
}

function expanded(credits: ReturnType<typeof orderCredits>) {
  const out = new Map<string, { ordersMicro: bigint; revenueMinor: bigint }>();
  for (const e of credits.entries) {
    const g = credits.groups[e.group]!;
    for (const windowDays of windowsOf(e)) {
      const key = [e.model, windowDays, e.paidOnly, g.channel, g.platform, g.campaign, g.touchDay].join("/");
      expect(out.has(key), key).toBe(false);
      out.set(key, { ordersMicro: BigInt(e.ordersMicro), revenueMinor: BigInt(e.revenueMinor) });
    }
  }
  return out;
}

const entryKey = (e: { model: string; paidOnly: boolean; windowFrom: number; group: number }) => [e.model, e.paidOnly, String(e.windowFrom).padStart(2, "0"), e.group].join("/");

describe("an order's credits", () => {
  it("give every model, window and flag exactly the credit it gets worked out on its own", () => {
    for (let seed = 1; seed <= 300; seed++) {
      const touches = journey(seed);
      const revenue = BigInt(seed * 997);
      expect(expanded(orderCredits({ at: ORDER_AT, revenueMinor: revenue }, touches, DEFAULT_MODEL_SETTINGS, FITS)), `seed ${seed}`).toEqual(
        creditsWindowByWindow(touches, revenue),
      );
    }
  });

  it("name a run of windows once when the larger windows keep the same touches", () => {
    const credits = orderCredits({ at: ORDER_AT, revenueMinor: 1000n }, [touch(0.5, "google", true), touch(0.2, "email", false)], DEFAULT_MODEL_SETTINGS);
    // Both touches are in every window: one credit per rule model and group, and the paid one's alone for paid only.
    expect(credits.entries.every((e) => e.windowFrom === 1 && e.windowTo === 90)).toBe(true);
    // First touch, last touch and last non-direct credit one touch each, the other three both.
    expect(credits.entries.filter((e) => !e.paidOnly)).toHaveLength(3 + 3 * 2);
    expect(credits.entries.filter((e) => e.paidOnly).map((e) => credits.groups[e.group]!.channel)).toEqual(Array(6).fill("google"));

    const spread = orderCredits({ at: ORDER_AT, revenueMinor: 1000n }, [touch(20, "facebook", true), touch(3, "google", true)], DEFAULT_MODEL_SETTINGS);
    const linear = spread.entries.filter((e) => e.model === "linear" && !e.paidOnly).map((e) => [e.windowFrom, e.windowTo, spread.groups[e.group]!.channel, e.ordersMicro]);
    expect(linear).toEqual([[7, 14, "google", 1_000_000], [28, 90, "facebook", 500_000], [28, 90, "google", 500_000]]);
  });

  it("are stored and read back unchanged, amounts beyond 2^53 minor units included", () => {
    const touches = journey(7);
    for (const revenue of [123_456n, -5_000n, 2n ** 60n + 7n]) {
      const credits = orderCredits({ at: ORDER_AT, revenueMinor: revenue }, touches, DEFAULT_MODEL_SETTINGS, FITS);
      const stored = JSON.parse(JSON.stringify(encodeCredits(credits)));
      const inOrder = (c: typeof credits) => ({ ...c, entries: [...c.entries].sort((a, b) => entryKey(a).localeCompare(entryKey(b))) });
      expect(inOrder(decodeCredits(stored))).toEqual(inOrder(credits));
    }
  });

  it("store a model whose credits equal an earlier model's as that model's name", () => {
    const credits = orderCredits({ at: ORDER_AT, revenueMinor: 1000n }, [touch(2, "google", true)], DEFAULT_MODEL_SETTINGS, FITS);
    const stored = encodeCredits(credits);
    // One touch: every model gives it the whole order, so one list is written and seven names.
    const lists = Object.values(stored.c).filter((v) => Array.isArray(v));
    expect(lists).toHaveLength(1);
    expect(Object.keys(stored.c)).toHaveLength(ATTRIBUTION_MODELS.length);
    expect(creditsFor(decodeCredits(stored), "shapley", 7, true)).toMatchObject([{ channel: "google", ordersMicro: 1_000_000n, revenueMinor: 1000n }]);
    // Credits stored before models were named stay readable, and read the same.
    const spelledOut = { g: stored.g, c: Object.fromEntries(ATTRIBUTION_MODELS.map((m) => [m, listOf(stored, m)!])) };
    expect(decodeCredits(spelledOut)).toEqual(decodeCredits(stored));
  });

  it("are picked out per model, window and flag for one order", () => {
    const credits = orderCredits({ at: ORDER_AT, revenueMinor: 900n }, [touch(20, "facebook", true), touch(3, "google", false)], DEFAULT_MODEL_SETTINGS);
    expect(creditsFor(credits, "first_touch", 7, false)).toMatchObject([{ channel: "google", ordersMicro: 1_000_000n, revenueMinor: 900n }]);
    expect(creditsFor(credits, "first_touch", 28, false)).toMatchObject([{ channel: "facebook", ordersMicro: 1_000_000n, revenueMinor: 900n }]);
    expect(creditsFor(credits, "first_touch", 7, true)).toEqual([]);
    expect(creditsFor(credits, "markov", 28, false)).toEqual([]);
  });
});
