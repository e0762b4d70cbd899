import { describe, expect, it, vi } from "vitest";
import { OPTIONS, POST as eligible } from "@/app/api/v1/popups/route";
import { POST as confirm } from "@/app/api/v1/popups/confirm/route";
import { getPool } from "@/lib/db/pool";
import { drawArm } from "@/lib/owned/popups/public";
import { createPopup, savePopupSettings } from "@/lib/owned/popups/templates";
import { trackingWorkspace } from "../../tracking/support";

vi.mock("@/lib/auth", () => ({ auth: vi.fn(async () => null) }));

const ORIGIN = "https://shop.example.com";
const PAGE = `${ORIGIN}/products/boots?colour=red`;

const template = (overrides: Record<string, unknown> = {}) => ({
  name: "Boots", title: "10 % off", url_pattern: "/products/*", trigger_type: "wait", trigger_seconds: 3, ...overrides,
});

function ask(path: string, body: unknown, origin: string | null = ORIGIN): Request {
  const headers: Record<string, string> = { "content-type": "text/plain;charset=UTF-8" };
  if (origin) headers.origin = origin;
  return new Request(`http://localhost${path}`, { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) });
}

async function popupWorkspace() {
  const { workspace, writeKey } = await trackingWorkspace();
  return { workspace, key: writeKey.key };
}

const eligibleIds = async (key: string, url = PAGE) => {
  const response = await eligible(ask("/api/v1/popups", { write_key: key, url }));
  expect(response.status).toBe(200);
  expect(response.headers.get("access-control-allow-origin")).toBe(ORIGIN);
  return ((await response.json()) as { popups: { id: string }[] }).popups.map((p) => p.id);
};

const confirmFor = async (key: string, body: Record<string, unknown>) => {
  const response = await confirm(ask("/api/v1/popups/confirm", { write_key: key, url: PAGE, anonymous_id: "visitor-1", ...body }));
  return { status: response.status, body: (await response.json()) as { show: boolean; arm: string | null; reason: string | null } };
};

async function visitorIsPerson(workspaceId: string, anonymousId: string, personKey: string) {
  await getPool().query(
    "INSERT INTO visitors (workspace_id, anonymous_id, first_seen_at, last_seen_at, person_key) VALUES ($1, $2, now(), now(), $3)",
    [workspaceId, anonymousId, personKey],
  );
}

describe("POST /api/v1/popups (the page's eligible templates)", () => {
  it("lists the enabled templates whose window is open and whose URL pattern matches the page", async () => {
    const { workspace, key } = await popupWorkspace();
    const now = Date.now();
    const boots = await createPopup(workspace.id, template({ name: "boots" }));
    const everywhere = await createPopup(workspace.id, template({ name: "everywhere", url_pattern: "*", trigger_type: "event", trigger_event: "signed_up" }));
    await createPopup(workspace.id, template({ name: "cart only", url_pattern: "/cart" }));
    await createPopup(workspace.id, template({ name: "off", enabled: false }));
    await createPopup(workspace.id, template({ name: "later", active_from: new Date(now + 3_600_000).toISOString() }));
    await createPopup(workspace.id, template({ name: "over", active_until: new Date(now - 1_000).toISOString() }));
    const open = await createPopup(workspace.id, template({ name: "open window", active_from: new Date(now - 3_600_000).toISOString(), active_until: new Date(now + 3_600_000).toISOString() }));
    expect((await eligibleIds(key)).sort()).toEqual([boots.id, everywhere.id, open.id].sort());
    expect(await eligibleIds(key, `${ORIGIN}/collections/all`)).toEqual([everywhere.id]);

    const answer = await eligible(ask("/api/v1/popups", { write_key: key, url: PAGE }));
    const listed = ((await answer.json()) as { popups: Record<string, unknown>[] }).popups.find((p) => p.id === everywhere.id);
    // The page learns the content and trigger, never the targeting.
    expect(listed).toEqual({ id: everywhere.id, title: "10 % off", body: "", cta_label: null, cta_url: null, trigger_type: "event", trigger_seconds: null, trigger_event: "signed_up", audience: "any" });
  });

  it("lists nothing once the daily limit is reached", async () => {
    const { workspace, key } = await popupWorkspace();
    const popup = await createPopup(workspace.id, template());
    await savePopupSettings(workspace.id, { daily_limit: 1 });
    expect(await eligibleIds(key)).toEqual([popup.id]);
    expect((await confirmFor(key, { template_id: popup.id })).body.show).toBe(true);
    expect(await eligibleIds(key)).toEqual([]);
  });

  it("authenticates by the write key and its origins, and answers bad input with 4xx naming the field", async () => {
    const { key } = await popupWorkspace();
    expect((await eligible(ask("/api/v1/popups", { url: PAGE }))).status).toBe(401);
    expect((await eligible(ask("/api/v1/popups", { write_key: "sbw_000000000000000000000000", url: PAGE }))).status).toBe(401);
    const foreign = await eligible(ask("/api/v1/popups", { write_key: key, url: PAGE }, "https://evil.example.com"));
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get("access-control-allow-origin")).toBeNull();
    for (const [body, field] of [["{nope", "body"], [[1], "body"], [{ write_key: key }, "url"], [{ write_key: key, url: "/relative" }, "url"], [{ write_key: key, url: "https://x.example/\u0000" }, "url"]] as const) {
      const response = await eligible(ask("/api/v1/popups", body));
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(Object.keys(((await response.json()) as { error: { fields: Record<string, string> } }).error.fields)).toEqual([field]);
    }
    const bad = await confirm(ask("/api/v1/popups/confirm", { write_key: key, url: PAGE, template_id: "x", anonymous_id: "", arm: "maybe" }));
    expect(bad.status).toBe(400);
    expect(Object.keys(((await bad.json()) as { error: { fields: Record<string, string> } }).error.fields).sort()).toEqual(["anonymous_id", "arm"]);
    const preflight = OPTIONS(ask("/api/v1/popups", "", ORIGIN));
    expect(preflight.status).toBe(204);
  });
});

describe("POST /api/v1/popups/confirm", () => {
  it("checks the audience: members are signed in on the page or known persons", async () => {
    const { workspace, key } = await popupWorkspace();
    const members = await createPopup(workspace.id, template({ audience: "member" }));
    const strangers = await createPopup(workspace.id, template({ audience: "anonymous" }));
    await visitorIsPerson(workspace.id, "known", "e:abc");
    expect((await confirmFor(key, { template_id: members.id, anonymous_id: "anon" })).body).toEqual({ show: false, arm: null, reason: "audience" });
    expect((await confirmFor(key, { template_id: members.id, anonymous_id: "signed-in", user_id: "member-7" })).body).toEqual({ show: true, arm: "show", reason: null });
    expect((await confirmFor(key, { template_id: members.id, anonymous_id: "known" })).body.show).toBe(true);
    expect((await confirmFor(key, { template_id: strangers.id, anonymous_id: "known" })).body.reason).toBe("audience");
    expect((await confirmFor(key, { template_id: strangers.id, anonymous_id: "anon" })).body.show).toBe(true);
  });

  it("shows a tag-targeted template to a tagged person's visitor only, and takes no other workspace's tag", async () => {
    const { workspace, key } = await popupWorkspace();
    const other = await popupWorkspace();
    const tag = async (workspaceId: string, name: string) =>
      (await getPool().query<{ id: string }>("INSERT INTO tags (workspace_id, id, name, kind) VALUES ($1, $2, $3, 'manual') RETURNING id", [workspaceId, `tag-${name}-${workspaceId}`, name])).rows[0]!.id;
    const vip = await tag(workspace.id, "vip");
    const theirs = await tag(other.workspace.id, "vip");
    await getPool().query("INSERT INTO person_tags (workspace_id, tag_id, person_key, since, source) VALUES ($1, $2, 'e:tagged', now(), 'manual')", [workspace.id, vip]);
    await visitorIsPerson(workspace.id, "tagged-visitor", "e:tagged");
    await visitorIsPerson(workspace.id, "untagged-visitor", "e:untagged");
    await expect(createPopup(workspace.id, template({ target_tag_id: theirs }))).rejects.toMatchObject({ fields: { target_tag_id: expect.any(String) } });
    const targeted = await createPopup(workspace.id, template({ target_tag_id: vip }));
    expect((await confirmFor(key, { template_id: targeted.id, anonymous_id: "tagged-visitor" })).body).toEqual({ show: true, arm: "show", reason: null });
    expect((await confirmFor(key, { template_id: targeted.id, anonymous_id: "untagged-visitor" })).body).toEqual({ show: false, arm: null, reason: "tag" });
    expect((await confirmFor(key, { template_id: targeted.id, anonymous_id: "never-seen", user_id: "member-9" })).body.reason).toBe("tag");
  });

  it("shows a level-targeted template only to a person scored at one of its levels", async () => {
    const { workspace, key } = await popupWorkspace();
    const scored = (person: string, level: string) =>
      getPool().query(
        `INSERT INTO person_activity (workspace_id, person_key, score, score_day, weekly_score, previous_weekly_score, weekly_change, level)
         VALUES ($1, $2, 1, current_date, 1, 1, 0, $3)`,
        [workspace.id, person, level],
      );
    await scored("e:busy", "high");
    await scored("e:quiet", "low");
    await visitorIsPerson(workspace.id, "busy-visitor", "e:busy");
    await visitorIsPerson(workspace.id, "quiet-visitor", "e:quiet");
    await visitorIsPerson(workspace.id, "unscored-visitor", "e:unscored");
    const targeted = await createPopup(workspace.id, template({ target_levels: ["high", "medium"] }));
    expect((await confirmFor(key, { template_id: targeted.id, anonymous_id: "busy-visitor" })).body).toEqual({ show: true, arm: "show", reason: null });
    expect((await confirmFor(key, { template_id: targeted.id, anonymous_id: "quiet-visitor" })).body).toEqual({ show: false, arm: null, reason: "level" });
    expect((await confirmFor(key, { template_id: targeted.id, anonymous_id: "unscored-visitor" })).body.reason).toBe("level");
    expect((await confirmFor(key, { template_id: targeted.id, anonymous_id: "never-seen" })).body.reason).toBe("level");
  });

  it("matches a member no customer stands behind yet on their own activity level", async () => {
    const { workspace, key } = await popupWorkspace();
    // lib/activity scores an identified visitor without a customer as the person "v:<anonymous id>".
    await getPool().query(
      `INSERT INTO visitors (workspace_id, anonymous_id, first_seen_at, last_seen_at, identified_at) VALUES ($1, 'member-device', now(), now(), now()),
         ($1, 'member-quiet', now(), now(), now())`,
      [workspace.id],
    );
    await getPool().query(
      `INSERT INTO person_activity (workspace_id, person_key, score, score_day, weekly_score, previous_weekly_score, weekly_change, level)
       VALUES ($1, 'v:member-device', 12, current_date, 12, 0, 12, 'high'), ($1, 'v:member-quiet', 1, current_date, 1, 0, 1, 'low')`,
      [workspace.id],
    );
    const targeted = await createPopup(workspace.id, template({ target_levels: ["high"] }));
    expect((await confirmFor(key, { template_id: targeted.id, anonymous_id: "member-device" })).body).toEqual({ show: true, arm: "show", reason: null });
    expect((await confirmFor(key, { template_id: targeted.id, anonymous_id: "member-quiet" })).body).toEqual({ show: false, arm: null, reason: "level" });
    // Known, so a member even on a page that does not sign them in.
    const members = await createPopup(workspace.id, template({ audience: "member" }));
    expect((await confirmFor(key, { template_id: members.id, anonymous_id: "member-quiet" })).body.show).toBe(true);
  });

  it("refuses a template of another workspace, a disabled one and one whose pattern misses the page", async () => {
    const { workspace, key } = await popupWorkspace();
    const other = await popupWorkspace();
    const theirs = await createPopup(other.workspace.id, template());
    const off = await createPopup(workspace.id, template({ enabled: false }));
    const cart = await createPopup(workspace.id, template({ url_pattern: "/cart" }));
    for (const id of [theirs.id, off.id, cart.id]) expect((await confirmFor(key, { template_id: id })).body).toEqual({ show: false, arm: null, reason: "inactive" });
    expect(await getPool().query("SELECT 1 FROM popup_assignments WHERE template_id = ANY($1)", [[theirs.id, off.id, cart.id]]).then((r) => r.rowCount)).toBe(0);
  });

  it("keeps each visitor's A/B arm: the holdout never sees it, whatever it asks", async () => {
    const { workspace, key } = await popupWorkspace();
    const test = await createPopup(workspace.id, template({ show_percent: 50 }));
    const arms = new Map<string, string>();
    for (let i = 0; i < 40; i++) {
      const { body } = await confirmFor(key, { template_id: test.id, anonymous_id: `v${i}` });
      expect(body.show).toBe(body.arm === "show");
      arms.set(`v${i}`, body.arm!);
    }
    const shown = [...arms.values()].filter((a) => a === "show").length;
    // 40 draws at one half: both arms are there (the chance of either empty is 2 in 10^12).
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(40);
    for (const [visitor, arm] of arms) {
      // Asking again, even claiming the other arm, keeps the server's record.
      const again = await confirmFor(key, { template_id: test.id, anonymous_id: visitor, arm: arm === "show" ? "holdout" : "show" });
      expect(again.body.arm).toBe(arm);
      expect(again.body.show).toBe(arm === "show");
    }
    const { rows } = await getPool().query<{ anonymous_id: string; arm: string; first_shown_at: Date | null }>(
      "SELECT anonymous_id, arm, first_shown_at FROM popup_assignments WHERE workspace_id = $1 AND template_id = $2", [workspace.id, test.id]);
    expect(new Map(rows.map((r) => [r.anonymous_id, r.arm]))).toEqual(arms);
    expect(rows.every((r) => (r.arm === "show") === (r.first_shown_at !== null))).toBe(true);
  });

  it("takes the arm a browser kept when the server has none, and draws with the template's probability", async () => {
    const { workspace, key } = await popupWorkspace();
    const test = await createPopup(workspace.id, template({ show_percent: 99 }));
    expect((await confirmFor(key, { template_id: test.id, anonymous_id: "kept", arm: "holdout" })).body).toEqual({ show: false, arm: "holdout", reason: "holdout" });
    expect(drawArm(30, () => 0.2999)).toBe("show");
    expect(drawArm(30, () => 0.3)).toBe("holdout");
    expect(drawArm(100, () => 0.9999)).toBe("show");
  });

  it("never passes the daily limit, however many confirms race for the last shows", async () => {
    const { workspace, key } = await popupWorkspace();
    const popup = await createPopup(workspace.id, template());
    await savePopupSettings(workspace.id, { daily_limit: 7 });
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => confirmFor(key, { template_id: popup.id, anonymous_id: `racer-${i}` })));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(answers.filter((a) => a.body.show)).toHaveLength(7);
    expect(answers.filter((a) => !a.body.show).every((a) => a.body.reason === "limit" && a.body.arm === "show")).toBe(true);
    const { rows } = await getPool().query<{ shows: number }>("SELECT shows FROM popup_daily_shows WHERE workspace_id = $1", [workspace.id]);
    expect(rows).toEqual([{ shows: 7 }]);
  });
});
