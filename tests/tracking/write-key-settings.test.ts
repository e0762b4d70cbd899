import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { createWriteKeyAction, revokeWriteKeyAction } from "@/app/w/[slug]/settings/tracking/actions";
import TrackingSettingsPage from "@/app/w/[slug]/settings/tracking/page";
import { seedUser } from "@/lib/seed/factories";
import { createWriteKey, listWriteKeys } from "@/lib/tracking/write-keys";
import { signIn } from "../connect/support";
import { workspaceWith } from "../helpers";

// The write keys settings page and its actions, with only the session faked: each runs the real
// workspace guard and the real write-key service.
vi.mock("@/lib/auth/session", () => ({ currentUser: vi.fn(async () => null) }));
vi.mock("@/lib/auth", () => ({ auth: async () => null }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ host: "app.example.test" }) }));

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
}

const render = async (slug: string, searchParams: Record<string, string> = {}) =>
  renderToStaticMarkup(await TrackingSettingsPage({ params: Promise.resolve({ slug }), searchParams: Promise.resolve(searchParams) }));
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/\s+/g, " ");

async function digestOf(work: Promise<unknown>): Promise<string | undefined> {
  try {
    await work;
  } catch (error) {
    return (error as { digest?: string }).digest;
  }
  return undefined;
}

describe("the write keys settings page", () => {
  it("starts empty, then lists a created key with its origins, its last event and the snippet to paste", async () => {
    vi.stubEnv("APP_URL", "https://app.signalboard.test/");
    const { workspace, members } = await workspaceWith(["admin"] as const);
    signIn(members[0]!.user);
    expect(await render(workspace.slug)).toContain('data-testid="write-keys-empty"');

    const created = await createWriteKeyAction(null, form({ slug: workspace.slug, name: "Online store", allowed_origins: "https://Shop.Example.com/\n\n https://*.example.com , http://localhost:3000" }));
    expect(created).toMatchObject({ ok: true, message: expect.stringContaining("Online store") });
    const [key] = await listWriteKeys(workspace.id);
    expect(key!.allowedOrigins).toEqual(["https://shop.example.com", "https://*.example.com", "http://localhost:3000"]);

    const shown = text(await render(workspace.slug));
    expect(shown).toContain("Write keys (1)");
    expect(shown).toContain(key!.key);
    expect(shown).toContain("https://shop.example.com, https://*.example.com, http://localhost:3000");
    expect(shown).toContain("Last event None yet");
    expect(shown).toContain(`})(window, document, "${key!.key}", "https://app.signalboard.test");`);
    vi.unstubAllEnvs();
  });

  it("takes null for sandboxed pages from the form and says what it admits", async () => {
    const { workspace, members } = await workspaceWith(["admin"] as const);
    signIn(members[0]!.user);
    const created = await createWriteKeyAction(null, form({ slug: workspace.slug, name: "Shopify pixel", allowed_origins: "https://shop.example.com\nNULL" }));
    expect(created).toMatchObject({ ok: true });
    const [key] = await listWriteKeys(workspace.id);
    expect(key!.allowedOrigins).toEqual(["https://shop.example.com", "null"]);
    expect(text(await render(workspace.slug))).toContain("Allowed origins https://shop.example.com, null (sandboxed pages, such as the Shopify web pixel)");
  });

  it("loads the snippet from the address the page was reached at when no public URL is configured", async () => {
    vi.stubEnv("APP_URL", undefined);
    vi.stubEnv("AUTH_URL", undefined);
    const { workspace, owner } = await workspaceWith();
    signIn(owner);
    await createWriteKey(workspace.id, { userId: owner.id }, { name: "Store", allowed_origins: [] });
    const shown = text(await render(workspace.slug));
    expect(shown).toContain('"http://app.example.test");');
    expect(shown).toContain("None: no browser may send with this key");
    vi.unstubAllEnvs();
  });

  it("names the field, and the line, of bad input and creates nothing", async () => {
    const { workspace, owner } = await workspaceWith();
    signIn(owner);
    const noName = await createWriteKeyAction(null, form({ slug: workspace.slug, name: " ", allowed_origins: "https://shop.example.com" }));
    expect(noName).toMatchObject({ ok: false, fields: { name: "Give the key a name." } });
    const badOrigin = await createWriteKeyAction(null, form({ slug: workspace.slug, name: "Store", allowed_origins: "https://shop.example.com\nshop.example.com/cart" }));
    expect(badOrigin).toMatchObject({ ok: false, fields: { allowed_origins: expect.stringContaining('"shop.example.com/cart": Use an origin like') } });
    expect(await listWriteKeys(workspace.id)).toEqual([]);
  });

  it("revokes a key after the page's confirmation, and says so", async () => {
    const { workspace, owner } = await workspaceWith();
    signIn(owner);
    const key = await createWriteKey(workspace.id, { userId: owner.id }, { name: "Old store", allowed_origins: ["https://old.example.com"] });
    const digest = await digestOf(revokeWriteKeyAction(null, form({ slug: workspace.slug, id: key.id })));
    expect(digest).toMatch(new RegExp(`^NEXT_REDIRECT;replace;/w/${workspace.slug}/settings/tracking\\?revoked=1;`));
    expect(await listWriteKeys(workspace.id)).toEqual([]);
    expect(text(await render(workspace.slug, { revoked: "1" }))).toContain("Write key revoked. Events sent with it are now refused.");
  });

  it("cannot revoke another workspace's key (404), which keeps working", async () => {
    const mine = await workspaceWith();
    const theirs = await workspaceWith();
    const key = await createWriteKey(theirs.workspace.id, { userId: theirs.owner.id }, { name: "Theirs", allowed_origins: [] });
    signIn(mine.owner);
    expect(await revokeWriteKeyAction(null, form({ slug: mine.workspace.slug, id: key.id }))).toMatchObject({ ok: false, error: "That write key does not exist or was revoked." });
    expect(await revokeWriteKeyAction(null, form({ slug: theirs.workspace.slug, id: key.id }))).toMatchObject({ ok: false, error: "Workspace not found." });
    expect((await listWriteKeys(theirs.workspace.id)).map((k) => k.id)).toEqual([key.id]);
  });

  it("is for admins: members and viewers get 403, outsiders 404, and their actions change nothing", async () => {
    const { workspace, owner, members } = await workspaceWith(["member", "viewer"] as const);
    const key = await createWriteKey(workspace.id, { userId: owner.id }, { name: "Store", allowed_origins: [] });
    // What next.config's experimental.authInterrupts sets in the app, so forbidden() answers 403.
    vi.stubEnv("__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS", "true");
    for (const { user } of members) {
      signIn(user);
      expect(await digestOf(render(workspace.slug))).toMatch(/^NEXT_HTTP_ERROR_FALLBACK;403/);
      expect(await createWriteKeyAction(null, form({ slug: workspace.slug, name: "Mine", allowed_origins: "" }))).toMatchObject({ ok: false, error: "Your role does not allow this." });
      expect(await revokeWriteKeyAction(null, form({ slug: workspace.slug, id: key.id }))).toMatchObject({ ok: false, error: "Your role does not allow this." });
    }
    signIn(await seedUser());
    expect(await digestOf(render(workspace.slug))).toMatch(/^NEXT_HTTP_ERROR_FALLBACK;404/);
    expect((await listWriteKeys(workspace.id)).map((k) => k.name)).toEqual(["Store"]);
    vi.unstubAllEnvs();
  });
});
