import { beforeEach, describe, expect, it, vi } from "vitest";
import { GET as cohortsRoute } from "@/app/api/embedded/cohorts/route";
import { GET as settingsRoute } from "@/app/api/embedded/settings/route";
import { db } from "@/lib/db/client";
import { insertCells } from "../cohorts/factory";
import { callEmbedded, configureApp, installedShop, sessionToken } from "./support";

// The embedded app's cohorts and settings views read the token's workspace only, through the
// same guard as every embedded route, and respect the member's role.

const COHORTS = "/api/embedded/cohorts?period=month&metric=retention&date_from=2026-01-01&date_to=2026-02-28";

async function withCohorts(workspaceId: string, january: number) {
  await insertCells(workspaceId, [
    { cohort: "2026-01-01", offset: 0, customers: january, active: january, orders: january, net: "100", profit: "40" },
    { cohort: "2026-01-01", offset: 1, active: 1, orders: 1, repeaters: 1, net: "20", profit: "8" },
  ]);
}

describe("GET /api/embedded/cohorts", () => {
  beforeEach(() => configureApp(vi.stubEnv));

  it("answers the shop's own cohorts to a viewer, never another shop's", async () => {
    const mine = await installedShop("viewer");
    const theirs = await installedShop();
    await withCohorts(mine.workspace.id, 4);
    await withCohorts(theirs.workspace.id, 9);
    const { status, body } = await callEmbedded(cohortsRoute, { token: await sessionToken(mine.shop, mine.sub), path: `${COHORTS}&shop=${mine.shop}&host=abc&embedded=1` });
    expect(status).toBe(200);
    const rows = body!.rows as { key: string; customers: number; cells: { value: string }[] }[];
    expect(rows.map((r) => [r.key, r.customers])).toEqual([["2026-01-01", 4]]);
    expect(rows[0]!.cells.map((c) => c.value).slice(0, 2)).toEqual(["1.0000", "0.2500"]);
  });

  it.each([
    ["period=fortnight", "period"],
    ["metric=profit", "metric"],
    ["date_from=yesterday", "date_from"],
    ["format=csv", "format"],
    ["colour=red", "colour"],
  ])("answers 400 naming the parameter for %s", async (query, field) => {
    const mine = await installedShop();
    const { status, body } = await callEmbedded(cohortsRoute, { token: await sessionToken(mine.shop, mine.sub), path: `/api/embedded/cohorts?${query}` });
    expect(status).toBe(400);
    expect((body!.error as { fields?: Record<string, string> }).fields).toHaveProperty(field);
  });

  it("refuses a token without a joined staff member, and a forged one, with the reload hint", async () => {
    const mine = await installedShop();
    for (const token of [await sessionToken(mine.shop, "999"), await sessionToken(mine.shop, mine.sub, {}, "not-the-secret")]) {
      const { status, body } = await callEmbedded(cohortsRoute, { token, path: COHORTS });
      expect(status).toBe(401);
      expect((body!.error as { reload: boolean }).reload).toBe(true);
    }
  });
});

describe("GET /api/embedded/settings", () => {
  beforeEach(() => configureApp(vi.stubEnv));

  it("shows the shop's zone and currency, the workspace's settings and its members", async () => {
    const mine = await installedShop("admin");
    await db.workspace.update({ where: { id: mine.workspace.id }, data: { timeZone: "Europe/Vienna", currency: "EUR" } });
    await db.attributionSettings.create({ data: { workspaceId: mine.workspace.id, defaultModel: "linear", defaultWindow: 7, halfLifeDays: 5, positionFirst: 0.3, positionLast: 0.5 } });
    const { status, body } = await callEmbedded(settingsRoute, { token: await sessionToken(mine.shop, mine.sub) });
    expect(status).toBe(200);
    expect(body!.workspace).toMatchObject({ timeZone: "Europe/Vienna", currency: "EUR" });
    expect(body!.attribution).toMatchObject({ defaultModel: "linear", defaultModelLabel: "Linear", defaultWindowDays: 7, halfLifeDays: 5 });
    expect(body!.metrics).toMatchObject({ revenueBasis: "transaction_date", excludedLineItems: [{ field: "title", value: "Shipping Fee" }] });
    const members = body!.members as { email: string; role: string; you: boolean }[];
    expect(members.map((m) => m.role).sort()).toEqual(["admin", "owner"]);
    // Admins see whole addresses.
    expect(members.every((m) => !m.email.includes("***"))).toBe(true);
    expect(members.find((m) => m.you)!.role).toBe("admin");
    expect(body!.mayManage).toBe(true);
  });

  it("masks other members' addresses from a viewer, and shows only the viewer's own workspace", async () => {
    const mine = await installedShop("viewer");
    const theirs = await installedShop();
    const { status, body } = await callEmbedded(settingsRoute, { token: await sessionToken(mine.shop, mine.sub) });
    expect(status).toBe(200);
    const members = body!.members as { email: string; you: boolean }[];
    expect(members).toHaveLength(2);
    expect(members.find((m) => !m.you)!.email).toContain("***");
    expect(members.find((m) => m.you)!.email).not.toContain("***");
    expect(body!.mayManage).toBe(false);
    expect(JSON.stringify(body)).not.toContain(theirs.staff.email);
    expect(body!.shop).toBe(mine.shop);
  });
});
