import crypto from "node:crypto";
import { withoutReadablePersonalData } from "@/lib/tracking/personal-data";
import { describe, expect, it } from "vitest";
import { keyedHash } from "@/lib/crypto/secrets";
import { getPool, utc } from "@/lib/db/pool";
import { visitorStatus } from "@/lib/identity/status";
import { sweepUnlinkedVisitors } from "@/lib/identity/sweep";
import { afterEventsDrained } from "@/lib/tracking/after-drain";
import { unique } from "../helpers";
import { ANN, identityStore } from "./support";

async function store(workspaceId: string, anonymousId: string, event: string, at: Date, fields: { userId?: string; properties?: Record<string, unknown>; pageUrl?: string } = {}) {
  await getPool().query(
    `INSERT INTO tracked_events (workspace_id, message_id, event, occurred_at, received_at, anonymous_id, user_id, page_url, properties, context, source)
     VALUES ($1, $2, $3, $4::timestamp, $4::timestamp, $5, $6, $7, $8, '{}', 'browser')`,
    [workspaceId, crypto.randomUUID(), event, utc(at), anonymousId, fields.userId ?? null, fields.pageUrl ?? null, JSON.stringify(withoutReadablePersonalData(fields.properties ?? {}))],
  );
}

describe("linking after a drain", () => {
  it("records the drained visitors with their first touch and links their identify calls, the same however often it runs", async () => {
    const { workspace, ann } = await identityStore();
    const [known, anonymous] = [unique("cid"), unique("cid")];
    const t0 = new Date(Date.now() - 600_000);
    const t1 = new Date(t0.getTime() + 60_000);
    await store(workspace.id, known, "page_view", t0, { pageUrl: "https://shop.example/landing" });
    await store(workspace.id, known, "identify", t1, { userId: "member-1", properties: { email: ANN } });
    await store(workspace.id, anonymous, "page_view", t1);
    const drained = [{ workspaceId: workspace.id, count: 3, earliest: t0, latest: t1, anonymousIds: [known, anonymous] }];
    await afterEventsDrained(drained);
    await afterEventsDrained(drained);

    expect(await visitorStatus(workspace.id, known)).toEqual({ status: "known", personKey: ann });
    expect(await visitorStatus(workspace.id, anonymous)).toEqual({ status: "anonymous", personKey: null });
    const { rows } = await getPool().query(
      "SELECT first_page_url, first_seen_at = $2::timestamp AS first_ok, last_seen_at = $3::timestamp AS last_ok FROM visitors WHERE workspace_id = $1 AND anonymous_id = $4",
      [workspace.id, utc(t0), utc(t1), known],
    );
    expect(rows).toEqual([{ first_page_url: "https://shop.example/landing", first_ok: true, last_ok: true }]);
    const links = await getPool().query("SELECT kind, value FROM identity_links WHERE workspace_id = $1 ORDER BY kind", [workspace.id]);
    expect(links.rows).toEqual([{ kind: "email", value: keyedHash(ANN) }, { kind: "member", value: keyedHash("member-1") }]);
  });
});

describe("the sweep of missed drains", () => {
  it("links the events of a drain whose consumer never ran, once they have settled", async () => {
    const { workspace, ann } = await identityStore();
    const missed = unique("cid");
    const receivedAt = new Date(Date.now() - 5 * 60_000);
    await getPool().query(
      `INSERT INTO tracked_events (workspace_id, message_id, event, occurred_at, received_at, anonymous_id, user_id, properties, context, source)
       VALUES ($1, $2, 'identify', $3::timestamp, $3::timestamp, $4, 'member-2', $5, '{}', 'browser')`,
      [workspace.id, crypto.randomUUID(), utc(receivedAt), missed, JSON.stringify({ email_hash: keyedHash(ANN) })],
    );
    // Just received: still within the drain's own reach, so left alone.
    const fresh = unique("cid");
    await store(workspace.id, fresh, "page_view", new Date());

    await sweepUnlinkedVisitors();
    expect(await visitorStatus(workspace.id, missed)).toEqual({ status: "known", personKey: ann });
    const { rows } = await getPool().query("SELECT 1 FROM visitors WHERE workspace_id = $1 AND anonymous_id = $2", [workspace.id, fresh]);
    expect(rows).toHaveLength(0);
  });
});
