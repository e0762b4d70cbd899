import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { saveSloAlertingAction } from "@/app/admin/settings/actions";
import GlobalSettingsPage from "@/app/admin/settings/page";
import AdminStatusPage from "@/app/admin/status/page";
import { currentUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { createDestination } from "@/lib/notifications/destinations";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { pageText } from "../helpers";
import { useOwnDatabase } from "../operators/own-database";

vi.mock("@/lib/auth/session", () => ({ currentUser: vi.fn(async () => null) }));
vi.mock("@/lib/auth", () => ({ auth: vi.fn(async () => null) }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
vi.mock("@/lib/jobs/enqueue", () => ({ enqueue: vi.fn(async () => {}) }));

// The operators' status page and the choice of where burn alerts go, on a database of this file's
// own: both read and write the installation's global rows.

let operator: { id: string; email: string };

beforeAll(async () => {
  await useOwnDatabase();
  operator = await seedUser();
  await db.user.update({ where: { id: operator.id }, data: { isOperator: true } });
}, 120_000);

const asOperator = () => vi.mocked(currentUser).mockResolvedValue({ id: operator.id, email: operator.email, name: null });
const render = async () => pageText(renderToStaticMarkup(await AdminStatusPage()));
const digestOf = async (work: () => Promise<unknown>) => {
  try {
    await work();
  } catch (error) {
    return (error as { digest?: string }).digest;
  }
  return undefined;
};

describe("/admin/status", () => {
  it("is a 404 for a signed-in user who is not an operator", async () => {
    const someone = await seedUser();
    vi.mocked(currentUser).mockResolvedValue({ id: someone.id, email: someone.email, name: null });
    expect(await digestOf(() => AdminStatusPage())).toMatch(/NEXT_HTTP_ERROR_FALLBACK;404/);
  });

  it("shows empty states before any traffic, and that alerts go nowhere", async () => {
    asOperator();
    const text = await render();
    expect(text).toContain("No destination is chosen for burn alerts");
    expect(text).toContain("No burn alert is firing.");
    expect(text).toContain("No events yet");
    expect(text).toContain("No connections of this kind yet.");
  });

  it("shows each objective's figures, the firing alerts, the stalest connections and the chosen destinations", async () => {
    asOperator();
    const ws = await seedWorkspace(operator.id);
    const now = Date.now();
    const minute = new Date(Math.floor(now / 60_000) * 60_000);
    await db.serviceLevelMinute.create({ data: { minute, series: "api", total: 2000, errors: 1 } });
    await db.serviceLevelAlert.create({ data: { objective: "freshness_store", severity: "ticket", burnRate: 7.5, peakBurnRate: 9.25 } });
    await db.connection.create({
      data: { workspaceId: ws.id, id: "slow-store", provider: "shopify", externalAccountId: "s", displayName: "Slow Shop", credentials: "sealed", scopes: [], createdAt: new Date(now - 3 * 3_600_000), lastSuccessAt: new Date(now - 2 * 3_600_000) },
    });
    const { destination } = await createDestination(ws.id, null, { kind: "email", name: "Night shift", addresses: "night@example.com" });
    expect(await saveSloAlertingAction(null, form({ workspaceId: ws.id, destinationIds: [destination.id] }))).toMatchObject({ ok: true });

    const text = await render();
    expect(text).toContain("99.950%"); // 1999 of 2000 this month
    expect(text).toMatch(/Store data fresh.*ticket.*9\.3x/s);
    expect(text).toContain("Slow Shop");
    expect(text).toContain("2.0 h");
    expect(text).toContain(`Burn alerts go to Night shift (Email) of workspace ${ws.name}`);
  });

  it("refuses, from the settings form, a destination of another workspace than the chosen one", async () => {
    asOperator();
    const mine = await seedWorkspace(operator.id);
    const other = await seedWorkspace(operator.id);
    const { destination } = await createDestination(other.id, null, { kind: "email", name: "Elsewhere", addresses: "x@example.com" });
    const answer = await saveSloAlertingAction(null, form({ workspaceId: mine.id, destinationIds: [destination.id] }));
    expect(answer).toMatchObject({ ok: false, fields: { destinationIds: expect.stringContaining("chosen workspace") } });
    const page = pageText(renderToStaticMarkup(await GlobalSettingsPage({ searchParams: Promise.resolve({ alerts_workspace: other.slug }) })));
    expect(page).toContain("Destinations of");
    expect(page).toContain("Elsewhere");
  });
});

function form(fields: { workspaceId: string; destinationIds: string[] }): FormData {
  const data = new FormData();
  data.set("workspaceId", fields.workspaceId);
  for (const id of fields.destinationIds) data.append("destinationIds", id);
  return data;
}
