import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import CreativesPage from "@/app/w/[slug]/creatives/page";
import { upsertAds } from "@/lib/ads/ingest";
import { currentUser } from "@/lib/auth/session";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { D1, D2, metaWorkspace } from "../metrics/ad-levels-fixture";

vi.mock("@/lib/auth/session", () => ({ currentUser: vi.fn(async () => null) }));
vi.mock("@/lib/auth", () => ({ auth: async () => null }));

const signIn = (user: { id: string; email: string }) => vi.mocked(currentUser).mockResolvedValue({ id: user.id, email: user.email, name: null });
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/\s+/g, " ");
const THUMB = "data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciLz4=";

async function render(slug: string, searchParams: Record<string, string> = {}) {
  return renderToStaticMarkup(await CreativesPage({ params: Promise.resolve({ slug }), searchParams: Promise.resolve(searchParams) }));
}

async function signedInMeta() {
  const account = await metaWorkspace();
  signIn({ id: account.ownerId, email: "owner@example.com" });
  return account;
}

describe("the creatives page", () => {
  it("lists each ad with its thumbnail or a placeholder, figures, trend, sort links and the CSV export", async () => {
    const account = await signedInMeta();
    await upsertAds({ workspaceId: account.workspaceId, connectionId: account.connectionId }, [
      { platform: "meta_ads", accountId: "act_1", campaignId: "c1", adGroupId: "g1", adId: "a1", name: "Spring video", status: "ACTIVE", thumbnailUrl: THUMB },
    ]);
    const html = await render(account.slug, { date_from: D2, date_to: D2 });
    const rows = html.split('data-testid="creative-row"').slice(1);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain(`<img src="${THUMB}" alt="Spring video"`);
    const row = text(rows[0]!);
    // a1 on D2: 8.00 spent for one conversion worth 50.00, against 35.00 at ROAS 1.43 on D1.
    for (const cell of ["Spring video", "active", "Meta Ads", "Prospecting", "$8.00", "1,000", "10", "1%", "$50.00", "6.25", "−77.1% spend", "ROAS then 1.43"]) {
      expect(row).toContain(cell);
    }
    expect(text(html)).toContain(`Trend: spend against ${D1} to ${D1}`);
    // Spend is the current sort (largest first), so its header offers the other direction.
    expect(html).toContain('aria-sort="descending"');
    expect(html).toContain(`href="/w/${account.slug}/creatives?date_from=${D2}&amp;date_to=${D2}&amp;direction=asc"`);
    expect(html).toContain(`href="/w/${account.slug}/creatives?date_from=${D2}&amp;date_to=${D2}&amp;sort=name&amp;direction=asc"`);
    expect(html).toContain(`href="/api/v1/workspaces/${account.slug}/creatives?date_from=${D2}&amp;date_to=${D2}&amp;format=csv"`);
  });

  it("keeps filters in the links and shows a placeholder for an ad without a thumbnail", async () => {
    const account = await signedInMeta();
    const html = await render(account.slug, { date_from: D1, date_to: D2, campaign: "c2", sort: "name", direction: "asc" });
    const names = [...html.matchAll(/<th scope="row"[^>]*>([^<]+)<\/th>/g)].map((m) => m[1]);
    expect(names).toEqual(["Discount", "Reminder"]);
    expect(html.match(/data-testid="thumbnail-placeholder"/g)).toHaveLength(2);
    expect(html).not.toContain("<img");
    expect(html).toContain(`href="/api/v1/workspaces/${account.slug}/creatives?date_from=${D1}&amp;date_to=${D2}&amp;campaign=c2&amp;sort=name&amp;direction=asc&amp;format=csv"`);
    expect(html).toMatch(/<option value="c2" selected="">Retargeting \(Meta Ads\)<\/option>/);
  });

  it("explains which connections give ad-level figures when there are none", async () => {
    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id);
    signIn(owner);
    const page = text(await render(workspace.slug));
    expect(page).toContain("No ad-level figures in this range");
    expect(page).toContain("Google Ads, Meta Ads and TikTok Ads connections");
  });

  it("shows a bad parameter as a message naming it", async () => {
    const account = await signedInMeta();
    const page = text(await render(account.slug, { date_from: D2, date_to: D1 }));
    expect(page).toContain("date_to is before date_from");
    expect(text(await render(account.slug, { sort: "magic" }))).toContain("sort: use one of");
  });

  it("answers 404 to a member of another workspace", async () => {
    const account = await metaWorkspace();
    const stranger = await seedUser();
    await seedWorkspace(stranger.id);
    signIn(stranger);
    await expect(render(account.slug)).rejects.toMatchObject({ digest: expect.stringContaining("404") });
  });
});
