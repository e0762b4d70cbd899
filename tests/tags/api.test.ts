import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import * as members from "@/app/api/v1/workspaces/[slug]/tags/[id]/members/route";
import * as upload from "@/app/api/v1/workspaces/[slug]/tags/[id]/members/upload/route";
import * as one from "@/app/api/v1/workspaces/[slug]/tags/[id]/route";
import * as preview from "@/app/api/v1/workspaces/[slug]/tags/preview/route";
import * as list from "@/app/api/v1/workspaces/[slug]/tags/route";
import { customerIdOf } from "@/lib/customers/customer-id";
import { getPool } from "@/lib/db/pool";
import { createTag } from "@/lib/tags/service";
import { customerWorkspace, profile, storeCustomer } from "../customers/factory";
import { apiKey } from "../dashboards/support";

// The tags API end to end through its route handlers: CSV and selection uploads with their
// match reports, rule validation, and another workspace's tag answered as not found everywhere.

type Handler = (request: NextRequest, context: { params: Promise<{ slug: string } & Record<string, string>> }) => Promise<Response>;

async function send(handler: Handler, o: { method: string; key: string; slug: string; id?: string; query?: string; json?: unknown; csv?: string }) {
  const headers: Record<string, string> = { authorization: `Bearer ${o.key}` };
  let body: string | undefined;
  if (o.json !== undefined) [headers["content-type"], body] = ["application/json", JSON.stringify(o.json)];
  if (o.csv !== undefined) [headers["content-type"], body] = ["text/csv", o.csv];
  const request = new NextRequest(`http://localhost/api/v1/workspaces/${o.slug}/tags${o.query ? `?${o.query}` : ""}`, { method: o.method, headers, body });
  const response = await handler(request, { params: Promise.resolve({ slug: o.slug, ...(o.id ? { id: o.id } : {}) }) });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as Record<string, unknown> & { error?: { fields?: Record<string, string> } } };
}

const memberKeys = async (workspaceId: string, tagId: string) =>
  (await getPool().query<{ person_key: string }>("SELECT person_key FROM person_tags WHERE workspace_id = $1 AND tag_id = $2 ORDER BY 1", [workspaceId, tagId])).rows.map((r) => r.person_key);

async function shopWithPeople() {
  const base = await customerWorkspace();
  const ws = base.workspace.id;
  const annHash = await storeCustomer(ws, base.shopId, 11n, "ann@example.com");
  const annKey = `e:${annHash}`;
  await profile(ws, { key: annKey, emailHash: annHash, connectionId: base.shopId, firstDay: "2026-10-01", orders: 2, netSales: "300" });
  const bobKey = `c:${base.shopId}:12`;
  await profile(ws, { key: bobKey, connectionId: base.shopId, firstDay: "2026-10-02", orders: 1, netSales: "20" });
  const key = await apiKey(ws, base.owner.id, "member");
  return { ...base, ws, annKey, bobKey, key };
}

describe("the tags API", () => {
  it("uploads a CSV of emails and ids: a report, nothing half-applied, and partial=true applies the matches", async () => {
    const { workspace, ws, annKey, bobKey, key } = await shopWithPeople();
    const created = await send(list.POST, { method: "POST", key, slug: workspace.slug, json: { name: "Newsletter" } });
    expect(created.status).toBe(201);
    const id = created.body.id as string;

    const csv = "email\nANN@example.com \nnobody@example.com\nnot-an-email\n";
    const refused = await send(upload.POST, { method: "POST", key, slug: workspace.slug, id, csv });
    expect(refused.status).toBe(422);
    expect(refused.body).toEqual({
      applied: false, rows_total: 3, matched: 1, added: 0, removed: 0,
      unmatched: [
        { line: 3, value: "n***@example.com", reason: "No customer with this email." },
        { line: 4, value: "***", reason: "Not an email address." },
      ],
    });
    expect(await memberKeys(ws, id)).toEqual([]);
    // The clear emails are nowhere in the database.
    const { rows } = await getPool().query("SELECT count(*)::int AS n FROM person_tag_history WHERE workspace_id = $1", [ws]);
    expect(rows[0].n).toBe(0);

    const partial = await send(upload.POST, { method: "POST", key, slug: workspace.slug, id, csv, query: "partial=true" });
    expect(partial).toMatchObject({ status: 200, body: { applied: true, matched: 1, added: 1 } });
    expect(await memberKeys(ws, id)).toEqual([annKey]);

    const byIds = await send(upload.POST, { method: "POST", key, slug: workspace.slug, id, csv: `customer_id\n${customerIdOf(bobKey)}\n${customerIdOf(annKey)}\n` });
    expect(byIds).toMatchObject({ status: 200, body: { applied: true, matched: 2, added: 1, unmatched: [] } });
    const removal = await send(members.POST, { method: "POST", key, slug: workspace.slug, id, json: { remove: [customerIdOf(annKey), "bogus"] } });
    expect(removal).toMatchObject({ status: 422, body: { applied: false, unmatched: [{ line: null, value: "bogus", reason: "Not a customer id." }] } });
    expect(await memberKeys(ws, id)).toEqual([annKey, bobKey].sort());
    const removed = await send(members.POST, { method: "POST", key, slug: workspace.slug, id, json: { remove: [customerIdOf(annKey)] } });
    expect(removed).toMatchObject({ status: 200, body: { removed: 1 } });

    const page = await send(members.GET, { method: "GET", key, slug: workspace.slug, id, query: "limit=5" });
    expect(page).toMatchObject({ status: 200, body: { members: [{ customer_id: customerIdOf(bobKey), source: "manual" }], next_cursor: null } });
    expect((await send(members.GET, { method: "GET", key, slug: workspace.slug, id, query: "limit=0" })).body.error?.fields).toHaveProperty("limit");
    expect((await send(upload.POST, { method: "POST", key, slug: workspace.slug, id, csv: "name\nx\n" })).body.error?.fields).toHaveProperty("body");
    expect((await send(upload.POST, { method: "POST", key, slug: workspace.slug, id, csv: "email\na@b.c\n", query: "action=merge" })).body.error?.fields).toHaveProperty("action");
  });

  it("validates rules with a 400 naming the place, previews counts, and re-tags on a rule change", async () => {
    const { workspace, ws, annKey, key } = await shopWithPeople();
    const bad = await send(list.POST, { method: "POST", key, slug: workspace.slug, json: { name: "Odd", rule: { match: "all", conditions: [{ field: "net_sales", op: "gt", value: "lots" }] } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.fields).toEqual({ "rule.conditions.0.value": "Net sales needs a number." });
    const rule = { match: "all", conditions: [{ field: "orders", op: "gte", value: 2 }] };
    expect(await send(preview.POST, { method: "POST", key, slug: workspace.slug, json: { rule } })).toMatchObject({ status: 200, body: { count: 1 } });
    const created = await send(list.POST, { method: "POST", key, slug: workspace.slug, json: { name: "Repeat", rule } });
    expect(created).toMatchObject({ status: 201, body: { kind: "rule", size: 1 } });
    const id = created.body.id as string;
    expect(await memberKeys(ws, id)).toEqual([annKey]);
    const handEdit = await send(members.POST, { method: "POST", key, slug: workspace.slug, id, json: { add: [customerIdOf(annKey)] } });
    expect(handEdit.status).toBe(400);
    const changed = await send(one.PATCH, { method: "PATCH", key, slug: workspace.slug, id, json: { rule: { match: "all", conditions: [{ field: "orders", op: "gte", value: 1 }] } } });
    expect(changed).toMatchObject({ status: 200, body: { size: 2 } });
    const clash = await send(one.PATCH, { method: "PATCH", key, slug: workspace.slug, id, json: { name: "REPEAT" } });
    expect(clash.status).toBe(200);
    const other = await send(list.POST, { method: "POST", key, slug: workspace.slug, json: { name: "repeat" } });
    expect(other).toMatchObject({ status: 409, body: { error: { fields: { name: expect.any(String) } } } });
  });

  it("answers another workspace's tag with 404 on every route, and a viewer may read but not change", async () => {
    const mine = await shopWithPeople();
    const theirs = await shopWithPeople();
    const tag = await createTag(theirs.ws, { name: "Theirs" }, null);
    const viaMine = { key: mine.key, slug: mine.workspace.slug, id: tag.id };
    expect((await send(one.GET, { method: "GET", ...viaMine })).status).toBe(404);
    expect((await send(one.PATCH, { method: "PATCH", ...viaMine, json: { name: "Stolen" } })).status).toBe(404);
    expect((await send(one.DELETE, { method: "DELETE", ...viaMine })).status).toBe(404);
    expect((await send(members.GET, { method: "GET", ...viaMine })).status).toBe(404);
    expect((await send(members.POST, { method: "POST", ...viaMine, json: { add: [customerIdOf(theirs.annKey)] } })).status).toBe(404);
    expect((await send(upload.POST, { method: "POST", ...viaMine, csv: "email\nann@example.com\n" })).status).toBe(404);
    // My key on their slug: not found either.
    const theirSlug = { key: mine.key, slug: theirs.workspace.slug };
    expect((await send(list.GET, { method: "GET", ...theirSlug })).status).toBe(404);
    expect((await send(list.POST, { method: "POST", ...theirSlug, json: { name: "x" } })).status).toBe(404);
    expect((await send(preview.POST, { method: "POST", ...theirSlug, json: { rule: { match: "all", conditions: [{ field: "orders", op: "gt", value: 0 }] } } })).status).toBe(404);
    expect((await send(one.GET, { method: "GET", ...theirSlug, id: tag.id })).status).toBe(404);
    expect(await memberKeys(theirs.ws, tag.id)).toEqual([]);
    expect((await send(list.GET, { method: "GET", key: mine.key, slug: mine.workspace.slug })).body.tags).not.toContainEqual(expect.objectContaining({ id: tag.id }));

    const viewer = await apiKey(mine.ws, mine.owner.id, "viewer");
    expect((await send(list.GET, { method: "GET", key: viewer, slug: mine.workspace.slug })).status).toBe(200);
    expect((await send(list.POST, { method: "POST", key: viewer, slug: mine.workspace.slug, json: { name: "No" } })).status).toBe(403);
  });
});
