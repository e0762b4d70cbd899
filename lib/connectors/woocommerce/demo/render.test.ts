import { describe, expect, it } from "vitest";
import { wallTimeIn } from "@/lib/time/zone";
import { createDemoWooStore, DEFAULT_DEMO_END, DEMO_TIME_ZONE } from "./generator";
import { renderOrder } from "./render";

const wallText = (gmt: string) => {
  const t = wallTimeIn(new Date(`${gmt}Z`), DEMO_TIME_ZONE);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${t.year}-${pad(t.month)}-${pad(t.day)}T${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}`;
};

describe("the demo WooCommerce store's dates", () => {
  it("writes each local date as the store's zone shows its GMT twin, on both sides of a daylight-saving change", () => {
    // Two years of orders cross four of Auckland's clock changes.
    const store = createDemoWooStore({ seed: 7, orders: 3_000, endDate: DEFAULT_DEMO_END });
    const offsets = new Set<number>();
    for (const order of store.orders) {
      // The local twins are written as WooCommerce writes them, though Signalboard reads only `_gmt`.
      const rendered = renderOrder(order) as unknown as Record<string, string>;
      expect(rendered.date_created).toBe(wallText(rendered.date_created_gmt!));
      expect(rendered.date_modified).toBe(wallText(rendered.date_modified_gmt!));
      offsets.add(Date.parse(`${rendered.date_created}Z`) - Date.parse(`${rendered.date_created_gmt}Z`));
    }
    // NZST (+12) and NZDT (+13) both occur.
    expect([...offsets].sort()).toEqual([12 * 3_600_000, 13 * 3_600_000]);
  });
});
