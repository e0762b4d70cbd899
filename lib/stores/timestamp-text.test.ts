import { describe, expect, it } from "vitest";
import { utc } from "@/lib/db/pool";
import { timestampText } from "./timestamp-text";

describe("timestampText", () => {
  it("writes exactly what utc() writes, across years, leap days, millisecond edges and instants before 1970", () => {
    const fixed = [
      "1970-01-01T00:00:00.000Z", "1969-12-31T23:59:59.999Z", "2024-02-29T23:59:59.001Z", "2026-12-31T23:59:59.010Z",
      "1000-01-01T00:00:00.000Z", "9999-12-31T23:59:59.999Z", "0999-12-31T23:59:59.999Z", "0001-01-01T00:00:00.000Z",
    ].map((iso) => new Date(iso));
    // A seeded walk over four centuries, so a failure can be replayed.
    let seed = 42;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const walked = Array.from({ length: 5_000 }, () => new Date(Math.floor((random() * 2 - 1) * 8e12) + Date.UTC(1970, 0, 1)));
    const huge = [new Date(Date.UTC(12_000, 0, 1)), new Date(-62_198_755_200_000)]; // past 9999, and before year 0
    for (const date of [...fixed, ...walked, ...huge]) expect(timestampText(date)).toBe(utc(date));
    expect(timestampText(null)).toBeNull();
  });
});
