import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import NewConnectionPage from "@/app/w/[slug]/connections/new/page";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { signIn } from "./support";

vi.mock("@/lib/auth/session", () => ({ currentUser: vi.fn(async () => null) }));
vi.mock("@/lib/auth", () => ({ auth: async () => null }));

const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

describe("choosing what to connect", () => {
  it("enables a configured platform and, for the others, names the variables and the redirect URL to allow", async () => {
    vi.stubEnv("APP_URL", "https://app.example.test/");
    vi.stubEnv("META_APP_ID", "meta-app-id");
    vi.stubEnv("META_APP_SECRET", "meta-app-secret");
    vi.stubEnv("TIKTOK_APP_ID", "");
    vi.stubEnv("TIKTOK_APP_SECRET", "");
    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id);
    signIn(owner);
    const html = renderToStaticMarkup(await NewConnectionPage({ params: Promise.resolve({ slug: workspace.slug }), searchParams: Promise.resolve({ oauth: "denied", provider: "meta_ads" }) }));
    const button = (label: string) => new RegExp(`<button[^>]*>${label}</button>`).exec(html)?.[0] ?? "";
    expect(button("Connect Meta Ads")).not.toContain("disabled=\"\"");
    expect(button("Connect TikTok Ads")).toContain("disabled=\"\"");
    expect(text(html)).toContain("TikTok Ads is not set up on this server yet: an operator must set TIKTOK_APP_ID and TIKTOK_APP_SECRET.");
    expect(text(html)).toContain("allow https://app.example.test/api/connect/tiktok/callback as the OAuth redirect URL");
    expect(text(html)).not.toContain("/api/connect/meta/callback");
    expect(html).toContain('name="provider" value="google_analytics"');
    expect(text(html)).toContain("You declined access when signing in to Meta Ads, so nothing was connected.");
    vi.unstubAllEnvs();
  });
});
