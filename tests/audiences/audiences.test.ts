import { describe, expect, it, vi } from "vitest";
import { GET as listRoute } from "@/app/api/v1/workspaces/[slug]/audiences/route";
import { GET as membersRoute } from "@/app/api/v1/workspaces/[slug]/audiences/[id]/members/route";
import { GET as exportRoute } from "@/app/api/v1/workspaces/[slug]/audiences/[id]/export/route";
import { sizeSeries } from "@/lib/audiences/sizes";
import { personIdOf } from "@/lib/audiences/members";
import { db } from "@/lib/db/client";
import { get } from "../customers/factory";
import { apiKey } from "../dashboards/support";
import { audienceWorkspace, makeTag, tagPeople } from "./factory";

// The jobs a change queues are captured, not run (the Klaviyo sync has its own test).
vi.mock("@/lib/jobs/enqueue", () => ({ enqueue: vi.fn(async () => undefined) }));

const base = (slug: string) => `/api/v1/workspaces/${slug}/audiences`;

describe("the audiences API", () => {
  it("lists the workspace's audiences with their sizes, and only its own", async () => {
    const mine = await audienceWorkspace();
    const theirs = await audienceWorkspace();
    const tag = await makeTag(mine.workspace.id, "Lapsed regulars");
    await makeTag(theirs.workspace.id, "Not mine");
    await tagPeople(mine.workspace.id, tag.id, mine.people.slice(0, 2).map((p) => p.key));
    const key = await apiKey(mine.workspace.id, mine.owner.id, "viewer");
    const response = await get(listRoute, base(mine.workspace.slug), { slug: mine.workspace.slug }, key);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.audiences).toContainEqual(expect.objectContaining({ id: tag.id, name: "Lapsed regulars", kind: "manual", size: 2 }));
    // The built-in rules' tags come with the first read; nothing of the other workspace's does.
    expect(body.audiences.filter((a: { kind: string }) => a.kind === "rule").length).toBeGreaterThan(0);
    expect(body.audiences.map((a: { name: string }) => a.name)).not.toContain("Not mine");
  });

  it("pages members by cursor with what their profiles say and no email, and answers another workspace's audience with 404", async () => {
    const { workspace, owner, people } = await audienceWorkspace({ people: 4 });
    const tag = await makeTag(workspace.id);
    await tagPeople(workspace.id, tag.id, people.map((p) => p.key));
    const key = await apiKey(workspace.id, owner.id, "viewer");
    const path = `${base(workspace.slug)}/${tag.id}/members`;
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response = await get(membersRoute, `${path}?limit=2${cursor ? `&cursor=${cursor}` : ""}`, { slug: workspace.slug, id: tag.id }, key);
      expect(response.status).toBe(200);
      const body = await response.json();
      expect(body.members.length).toBeLessThanOrEqual(2);
      seen.push(...body.members.map((m: { id: string }) => m.id));
      cursor = body.next_cursor;
      pages += 1;
      if (pages === 1) {
        expect(JSON.stringify(body)).not.toContain("@example.com");
        expect(body.members[0]).toMatchObject({ source: "manual", since: expect.any(String) });
      }
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual(people.map((p) => personIdOf(p.key)).sort());
    const first = people[0]!;
    const one = await get(membersRoute, `${path}?limit=1000`, { slug: workspace.slug, id: tag.id }, key);
    const member = (await one.json()).members.find((m: { id: string }) => m.id === personIdOf(first.key));
    expect(member).toMatchObject({ orders: 1, net_sales: "10.50", country: "DE" });

    const other = await audienceWorkspace({ people: 1 });
    const theirs = await makeTag(other.workspace.id);
    await tagPeople(other.workspace.id, theirs.id, [other.people[0]!.key]);
    const foreign = await get(membersRoute, `${base(workspace.slug)}/${theirs.id}/members`, { slug: workspace.slug, id: theirs.id }, key);
    expect(foreign.status).toBe(404);
    const otherKey = await apiKey(other.workspace.id, other.owner.id, "owner");
    expect((await get(membersRoute, path, { slug: workspace.slug, id: tag.id }, otherKey)).status).toBe(404);
  });

  it("names a bad cursor or limit in a 400", async () => {
    const { workspace, owner } = await audienceWorkspace({ people: 1 });
    const tag = await makeTag(workspace.id);
    const key = await apiKey(workspace.id, owner.id, "viewer");
    const path = `${base(workspace.slug)}/${tag.id}/members`;
    for (const [query, field] of [["limit=0", "limit"], ["limit=abc", "limit"], ["cursor=%25%25", "cursor"], ["sort=name", "sort"]] as const) {
      const response = await get(membersRoute, `${path}?${query}`, { slug: workspace.slug, id: tag.id }, key);
      expect(response.status, query).toBe(400);
      expect((await response.json()).error.fields, query).toHaveProperty(field);
    }
  });
});

describe("the audience export", () => {
  it("is for admins: a member's key gets 403 and nothing is recorded", async () => {
    const { workspace, owner, people } = await audienceWorkspace({ people: 1 });
    const tag = await makeTag(workspace.id);
    await tagPeople(workspace.id, tag.id, [people[0]!.key]);
    const key = await apiKey(workspace.id, owner.id, "member");
    const response = await get(exportRoute, `${base(workspace.slug)}/${tag.id}/export`, { slug: workspace.slug, id: tag.id }, key);
    expect(response.status).toBe(403);
    expect(await db.audienceExport.count({ where: { workspaceId: workspace.id } })).toBe(0);
    expect(await db.auditEvent.count({ where: { workspaceId: workspace.id, action: "audience.exported" } })).toBe(0);
  });

  it("gives an admin every member with the email opened, and records who exported how many", async () => {
    const { workspace, owner, people } = await audienceWorkspace({ people: 2 });
    const tag = await makeTag(workspace.id, "Lapsed VIPs");
    await tagPeople(workspace.id, tag.id, people.map((p) => p.key));
    const key = await apiKey(workspace.id, owner.id, "admin");
    const response = await get(exportRoute, `${base(workspace.slug)}/${tag.id}/export`, { slug: workspace.slug, id: tag.id }, key);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toContain("signalboard-audience-Lapsed-VIPs.csv");
    const lines = (await response.text()).trim().split("\r\n");
    expect(lines[0]).toBe("id,email,member_since,source,orders,net_sales,currency,last_order_at,country");
    expect(lines).toHaveLength(4);
    for (const person of people) {
      const line = lines.find((l) => l.startsWith(`${personIdOf(person.key)},`))!;
      expect(line.split(",")[1]).toBe(person.email ?? "");
    }
    expect(lines.find((l) => l.startsWith(personIdOf(people[1]!.key)))!.split(",").slice(4, 7)).toEqual(["2", "20.50", "USD"]);
    const [record] = await db.audienceExport.findMany({ where: { workspaceId: workspace.id } });
    expect(record).toMatchObject({ tagId: tag.id, rows: 3, withEmail: 2, userId: null, apiKeyId: expect.any(String) });
    const audited = await db.auditEvent.findMany({ where: { workspaceId: workspace.id, action: "audience.exported" } });
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({ actorKind: "api_key", targetId: tag.id, changes: { rows: { before: null, after: 3 } } });
  });
});

describe("an audience's size over time", () => {
  it("keeps each local day's size with its joins and leaves, carried over days without a change", async () => {
    const { workspace, people } = await audienceWorkspace({ people: 3, timeZone: "America/New_York" });
    const tag = await makeTag(workspace.id);
    const [a, b, c] = people.map((p) => p.key);
    // 03:00 UTC on Dec 2 is still Dec 1 in New York.
    await tagPeople(workspace.id, tag.id, [a!, b!], [], new Date("2026-12-02T03:00:00Z"));
    await tagPeople(workspace.id, tag.id, [c!], [], new Date("2026-12-03T15:00:00Z"));
    await tagPeople(workspace.id, tag.id, [], [a!], new Date("2026-12-03T16:00:00Z"));
    const series = await sizeSeries(workspace.id, tag.id, "America/New_York", 5, new Date("2026-12-04T12:00:00Z"));
    expect(series).toEqual([
      { day: "2026-11-30", size: 0, joined: 0, left: 0 },
      { day: "2026-12-01", size: 2, joined: 2, left: 0 },
      { day: "2026-12-02", size: 2, joined: 0, left: 0 },
      { day: "2026-12-03", size: 2, joined: 1, left: 1 },
      { day: "2026-12-04", size: 2, joined: 0, left: 0 },
    ]);
  });
});
