import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { saveOwnedFeesAction } from "@/app/w/[slug]/channels/costs/actions";
import OwnedCostsPage from "@/app/w/[slug]/channels/costs/page";
import { db } from "@/lib/db/client";
import { seedMembership, seedUser, seedWorkspace } from "@/lib/seed/factories";
import { signIn } from "../connect/support";
import { pageText } from "../helpers";
import { populated } from "./support";

vi.mock("@/lib/auth/session", () => ({ currentUser: vi.fn(async () => null) }));
vi.mock("@/lib/auth", () => ({ auth: async () => null }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

// The costs page and its fees form: admins edit, others read; a refused fee names its channel.

const render = async (slug: string, search: Record<string, string> = {}) =>
  renderToStaticMarkup(await OwnedCostsPage({ params: Promise.resolve({ slug }), searchParams: Promise.resolve(search) }));
const thrown = (promise: Promise<unknown>) => promise.then(() => "", (e: { digest?: string }) => e.digest ?? String(e));
const RANGE = { date_from: "2026-11-01", date_to: "2026-11-30" };

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
}

describe("the owned-channel costs page", () => {
  it("saves an admin's fees and shows the cost they make; a bad fee is refused naming its channel", async () => {
    const { owner, workspace } = await populated();
    signIn(owner);
    expect(pageText(await render(workspace.slug, RANGE))).toContain("none");

    const refused = await saveOwnedFeesAction(null, form({ slug: workspace.slug, fee_email: "0.5", fee_sms: "-1", unit_sms: "segment" }));
    expect(refused).toMatchObject({ ok: false });
    expect(refused?.fields).toHaveProperty("fee_sms");
    expect(await db.ownedChannelFee.count({ where: { workspaceId: workspace.id } })).toBe(0);

    const saved = await saveOwnedFeesAction(null, form({ slug: workspace.slug, fee_email: "0.0075", unit_email: "send", include_in_blended: "on" }));
    expect(saved).toMatchObject({ ok: true });
    const text = pageText(await render(workspace.slug, RANGE));
    // 4 real email sends x 0.0075 = 0.03; the test send's 0.0075 apart; 75.50 / 0.03.
    expect(text).toContain("0.0075 a send");
    expect(text).toContain("2516.6667");
    expect(text).toContain("Weekly newsletter");
    expect(text).toContain("each order once");
    expect(pageText(await render(workspace.slug, { date_from: "2026-02-01", date_to: "2026-02-02" }))).toContain("No sends in this range.");
    expect(pageText(await render(workspace.slug, { channel: "fax" }))).toContain("channel: unknown channel");
  });

  it("shows a viewer the fees without the form, refuses the viewer's save, and is a 404 for a stranger", async () => {
    const { workspace } = await populated();
    const viewer = await seedUser();
    await seedMembership(workspace.id, viewer.id, "viewer");
    signIn(viewer);
    const html = await render(workspace.slug, RANGE);
    expect(html).not.toContain('name="fee_email"');
    expect(pageText(html)).toContain("No fees are set");
    expect(await saveOwnedFeesAction(null, form({ slug: workspace.slug, fee_email: "1" }))).toMatchObject({ ok: false });
    expect(await db.ownedChannelFee.count({ where: { workspaceId: workspace.id } })).toBe(0);

    const stranger = await seedUser();
    await seedWorkspace(stranger.id);
    signIn(stranger);
    expect(await thrown(render(workspace.slug))).toMatch(/NEXT_HTTP_ERROR_FALLBACK;404/);
    expect(await saveOwnedFeesAction(null, form({ slug: workspace.slug, fee_email: "1" }))).toMatchObject({ ok: false });
    expect(await db.ownedChannelFee.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });
});
