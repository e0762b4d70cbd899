import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { NextRequest } from "next/server";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { GET } from "@/app/api/v1/workspaces/[slug]/campaigns/route";
import { upsertAdCampaigns } from "@/lib/ads/ingest";
import { sealJson } from "@/lib/crypto/secrets";
import { db } from "@/lib/db/client";
import { unique } from "../helpers";
import { CampaignPicker, movedActive, pickedLabel } from "@/components/dashboard/campaign-picker";
import { apiKey, freshWorkspace } from "./support";

vi.mock("@/lib/auth", () => ({ auth: vi.fn(async () => null) }));

type Campaign = { id: string; name: string; platform: string; platform_label: string };
type Body = { campaigns?: Campaign[]; error?: { message: string; fields?: Record<string, string> } };

async function workspaceWithCampaigns(campaigns: { platform: string; campaignId: string; name: string }[]) {
  const { owner, workspace } = await freshWorkspace();
  for (const platform of new Set(campaigns.map((c) => c.platform))) {
    const connection = await db.connection.create({
      data: { workspaceId: workspace.id, provider: platform, externalAccountId: unique("acct"), displayName: platform, credentials: sealJson({}), scopes: [] },
      select: { id: true },
    });
    const own = campaigns.filter((c) => c.platform === platform).map((c) => ({ ...c, accountId: "1" }));
    await upsertAdCampaigns({ workspaceId: workspace.id, connectionId: connection.id }, own);
  }
  return { workspace, key: await apiKey(workspace.id, owner.id, "viewer") };
}

async function search(slug: string, key: string, query = "") {
  const request = new NextRequest(`http://localhost/api/v1/workspaces/${slug}/campaigns${query ? `?${query}` : ""}`, { headers: { authorization: `Bearer ${key}` } });
  const response = await GET(request, { params: Promise.resolve({ slug }) });
  return { status: response.status, body: (await response.json()) as Body };
}

describe("GET /api/v1/workspaces/{slug}/campaigns", () => {
  it("finds campaigns by name, with their platform, in name order", async () => {
    const { workspace, key } = await workspaceWithCampaigns([
      { platform: "google_ads", campaignId: "1001", name: "Brand search" },
      { platform: "meta_ads", campaignId: "2001", name: "Prospecting - Broad" },
      { platform: "tiktok_ads", campaignId: "3001", name: "Spark Ads - Brand creators" },
    ]);
    const all = await search(workspace.slug, key);
    expect(all.status).toBe(200);
    expect(all.body.campaigns!.map((c) => c.name)).toEqual(["Brand search", "Prospecting - Broad", "Spark Ads - Brand creators"]);

    const brand = await search(workspace.slug, key, "q=BRAND");
    expect(brand.body.campaigns).toEqual([
      { id: "1001", name: "Brand search", platform: "google_ads", platform_label: "Google Ads" },
      { id: "3001", name: "Spark Ads - Brand creators", platform: "tiktok_ads", platform_label: "TikTok Ads" },
    ]);
    // By id too, and the ids a filter already holds are named whatever the search.
    expect((await search(workspace.slug, key, "q=200")).body.campaigns!.map((c) => c.id)).toEqual(["2001"]);
    const held = await search(workspace.slug, key, "q=spark&ids=1001,nope");
    expect(held.body.campaigns!.map((c) => c.id)).toEqual(["1001", "3001"]);
    expect((await search(workspace.slug, key, "limit=1")).body.campaigns).toHaveLength(1);
  });

  it("never shows another workspace's campaigns, and hides another workspace behind a 404", async () => {
    const mine = await workspaceWithCampaigns([{ platform: "google_ads", campaignId: "1", name: "Mine" }]);
    const theirs = await workspaceWithCampaigns([{ platform: "google_ads", campaignId: "2", name: "Theirs, Mine too" }]);
    const listed = await search(mine.workspace.slug, mine.key, "q=mine&ids=2");
    expect(listed.body.campaigns!.map((c) => c.name)).toEqual(["Mine"]);
    const other = await search(theirs.workspace.slug, mine.key, "q=mine");
    expect(other.status).toBe(404);
    expect(JSON.stringify(other.body)).not.toContain("Theirs");
  });

  it("answers 400 naming the parameter at fault", async () => {
    const { workspace, key } = await workspaceWithCampaigns([{ platform: "google_ads", campaignId: "1", name: "A" }]);
    for (const [query, field] of [["limit=0", "limit"], ["limit=abc", "limit"], ["limit=51", "limit"], [`q=${"x".repeat(201)}`, "q"], ["search=a", "search"]] as const) {
      const { status, body } = await search(workspace.slug, key, query);
      expect(status, query).toBe(400);
      expect(Object.keys(body.error?.fields ?? {}), query).toEqual([field]);
      expect(body.error!.message, query).toContain(field);
    }
  });
});

describe("the campaign picker's keyboard", () => {
  it("moves through the options with the arrows, Home and End, wrapping around", () => {
    expect(movedActive("ArrowDown", -1, 3)).toBe(0);
    expect(movedActive("ArrowDown", 2, 3)).toBe(0);
    expect(movedActive("ArrowUp", 0, 3)).toBe(2);
    expect(movedActive("ArrowUp", -1, 3)).toBe(2);
    expect(movedActive("End", 0, 3)).toBe(2);
    expect(movedActive("Home", 2, 3)).toBe(0);
    expect(movedActive("ArrowDown", -1, 0)).toBeNull();
    expect(movedActive("a", 1, 3)).toBeNull();
  });

  it("names a picked campaign with its platform, and shows an id it does not know as given", () => {
    const known = new Map([["1001", { id: "1001", name: "Brand search", platform: "google_ads", platform_label: "Google Ads" }]]);
    expect(pickedLabel("1001", known)).toBe("Brand search (Google Ads)");
    expect(pickedLabel("shopping", known)).toBe("shopping");
  });
});

describe("the campaign picker", () => {
  it("is a labelled combobox over a listbox, with a remove button per pick", () => {
    const html = renderToStaticMarkup(
      createElement(QueryClientProvider, { client: new QueryClient() }, createElement(CampaignPicker, { slug: "acme", label: "Campaigns", value: ["1001"], onChange: () => {} })),
    );
    const input = /<input[^>]*role="combobox"[^>]*>/.exec(html)?.[0] ?? "";
    expect(input).toContain('aria-expanded="false"');
    expect(input).toContain('aria-autocomplete="list"');
    const inputId = /id="([^"]+)"/.exec(input)![1]!;
    expect(html).toContain(`for="${inputId}"`);
    expect(input).toContain(`aria-controls="${inputId}-list"`);
    expect(html).toContain('aria-label="Remove 1001"');
  });
});
