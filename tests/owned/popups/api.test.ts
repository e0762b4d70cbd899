import { describe, expect, it, vi } from "vitest";
import * as list from "@/app/api/v1/workspaces/[slug]/popups/route";
import * as one from "@/app/api/v1/workspaces/[slug]/popups/[id]/route";
import * as settings from "@/app/api/v1/workspaces/[slug]/popups/settings/route";
import { apiKey, call, errorFields, freshWorkspace } from "../../dashboards/support";

vi.mock("@/lib/auth", () => ({ auth: vi.fn(async () => null) }));

const TEMPLATE = {
  name: "Winter sale",
  title: "10 % off boots",
  body: "Until Sunday. <b>not bold</b>",
  cta_label: "Shop boots",
  cta_url: "https://shop.example.com/collections/boots",
  url_pattern: "/products/*",
  trigger_type: "wait",
  trigger_seconds: 5,
  audience: "member",
  show_percent: 50,
};

async function workspaceWithKeys() {
  const { owner, workspace } = await freshWorkspace();
  return { workspace, member: await apiKey(workspace.id, owner.id, "member"), viewer: await apiKey(workspace.id, owner.id, "viewer"), admin: await apiKey(workspace.id, owner.id, "admin") };
}

describe("/api/v1/workspaces/{slug}/popups", () => {
  it("creates, lists, reads, replaces and deletes a template, keeping its text as text", async () => {
    const { workspace, member, viewer } = await workspaceWithKeys();
    const params = { slug: workspace.slug };
    const created = await call(list.POST, { method: "POST", key: member, params, body: TEMPLATE });
    expect(created.status).toBe(201);
    const popup = created.body!.popup as Record<string, unknown>;
    expect(popup).toMatchObject({ ...TEMPLATE, trigger_event: null, target_tag_id: null, target_levels: [], enabled: true, active_from: null });
    const id = popup.id as string;

    expect((await call(list.GET, { method: "GET", key: viewer, params })).body).toEqual({ popups: [popup] });
    expect((await call(one.GET, { method: "GET", key: viewer, params: { ...params, id } })).body).toEqual({ popup });

    const replaced = await call(one.PUT, {
      method: "PUT", key: member, params: { ...params, id },
      body: { ...TEMPLATE, trigger_type: "event", trigger_seconds: 5, trigger_event: "product_added_to_cart", active_from: "2026-12-01T00:00:00+01:00", active_until: "2026-12-24T00:00:00Z" },
    });
    expect(replaced.status).toBe(200);
    // An event trigger keeps no seconds: a stored template is never ambiguous.
    expect(replaced.body!.popup).toMatchObject({ trigger_type: "event", trigger_seconds: null, trigger_event: "product_added_to_cart", active_from: "2026-11-30T23:00:00.000Z" });

    expect((await call(one.DELETE, { method: "DELETE", key: member, params: { ...params, id } })).status).toBe(204);
    expect((await call(one.GET, { method: "GET", key: viewer, params: { ...params, id } })).status).toBe(404);
  });

  it("answers 400 naming the field for bad input, and stores nothing", async () => {
    const { workspace, member } = await workspaceWithKeys();
    const params = { slug: workspace.slug };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...TEMPLATE, name: "" }, "name"],
      [{ ...TEMPLATE, trigger_type: "hover" }, "trigger_type"],
      [{ ...TEMPLATE, trigger_seconds: null }, "trigger_seconds"],
      [{ ...TEMPLATE, trigger_seconds: 99999 }, "trigger_seconds"],
      [{ ...TEMPLATE, trigger_type: "event", trigger_event: null }, "trigger_event"],
      [{ ...TEMPLATE, trigger_type: "event", trigger_event: "a b" }, "trigger_event"],
      [{ ...TEMPLATE, cta_url: "javascript:alert(1)" }, "cta_url"],
      [{ ...TEMPLATE, cta_url: null }, "cta_url"],
      [{ ...TEMPLATE, audience: "everyone" }, "audience"],
      [{ ...TEMPLATE, target_levels: ["top"] }, "target_levels.0"],
      [{ ...TEMPLATE, show_percent: 0 }, "show_percent"],
      [{ ...TEMPLATE, show_percent: 50.5 }, "show_percent"],
      [{ ...TEMPLATE, active_from: "2026-12-24T00:00:00Z", active_until: "2026-12-01T00:00:00Z" }, "active_until"],
      [{ ...TEMPLATE, active_from: "next week" }, "active_from"],
      [{ ...TEMPLATE, target_tag_id: "tag-of-nobody" }, "target_tag_id"],
      [{ ...TEMPLATE, title: "x\u0000y" }, "title"],
    ];
    for (const [body, field] of cases) {
      const answer = await call(list.POST, { method: "POST", key: member, params, body });
      expect(answer.status, field).toBe(400);
      expect(Object.keys(errorFields(answer)), field).toContain(field);
    }
    expect((await call(list.POST, { method: "POST", key: member, params, rawBody: "{not json" })).status).toBe(400);
    expect((await call(list.GET, { method: "GET", key: member, params })).body).toEqual({ popups: [] });
  });

  it("keeps each workspace's templates its own: another's id is a 404, a viewer cannot write", async () => {
    const mine = await workspaceWithKeys();
    const theirs = await workspaceWithKeys();
    const created = await call(list.POST, { method: "POST", key: theirs.member, params: { slug: theirs.workspace.slug }, body: TEMPLATE });
    const id = (created.body!.popup as { id: string }).id;
    const params = { slug: mine.workspace.slug, id };
    expect((await call(one.GET, { method: "GET", key: mine.member, params })).status).toBe(404);
    expect((await call(one.PUT, { method: "PUT", key: mine.member, params, body: TEMPLATE })).status).toBe(404);
    expect((await call(one.DELETE, { method: "DELETE", key: mine.member, params })).status).toBe(404);
    // A key of one workspace names another's slug: no access at all.
    expect((await call(list.GET, { method: "GET", key: mine.member, params: { slug: theirs.workspace.slug } })).status).toBe(404);
    expect((await call(list.POST, { method: "POST", key: mine.viewer, params: { slug: mine.workspace.slug }, body: TEMPLATE })).status).toBe(403);
    expect((await call(one.GET, { method: "GET", key: theirs.viewer, params: { slug: theirs.workspace.slug, id } })).status).toBe(200);
  });

  it("keeps the daily limit as an admin's setting", async () => {
    const { workspace, member, admin } = await workspaceWithKeys();
    const params = { slug: workspace.slug };
    expect((await call(settings.GET, { method: "GET", key: member, params })).body).toEqual({ daily_limit: null });
    expect((await call(settings.PUT, { method: "PUT", key: member, params, body: { daily_limit: 5 } })).status).toBe(403);
    const bad = await call(settings.PUT, { method: "PUT", key: admin, params, body: { daily_limit: 0 } });
    expect(Object.keys(errorFields(bad))).toEqual(["daily_limit"]);
    expect((await call(settings.PUT, { method: "PUT", key: admin, params, body: { daily_limit: 5 } })).body).toEqual({ daily_limit: 5 });
    expect((await call(settings.GET, { method: "GET", key: member, params })).body).toEqual({ daily_limit: 5 });
  });
});
