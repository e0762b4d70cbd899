import { unzipSync, strFromU8 } from "fflate";
import { describe, expect, it, vi } from "vitest";
import { GET as listRoute, POST as requestRoute } from "@/app/api/v1/workspaces/[slug]/exports/route";
import { GET as statusRoute } from "@/app/api/v1/workspaces/[slug]/exports/[id]/route";
import { GET as downloadRoute } from "@/app/api/v1/workspaces/[slug]/exports/[id]/download/route";
import { db } from "@/lib/db/client";
import { exportTables } from "@/lib/exports/catalog";
import { buildWorkspaceExport, type Manifest } from "@/lib/exports/build";
import { parseExportCsv } from "@/lib/exports/csv";
import { buildWorkspaceExportHandler } from "@/lib/exports/job-handlers";
import { signLink, downloadPath } from "@/lib/exports/link";
import { deleteExpiredWorkspaceExports } from "@/lib/exports/retention";
import { EXCLUDED_TABLES, SECRET_COLUMN } from "@/lib/exports/tables";
import { enqueue } from "@/lib/jobs/enqueue";
import { createDestination } from "@/lib/notifications/destinations";
import { seedMembership, seedUser, seedWorkspace } from "@/lib/seed/factories";
import { apiKey } from "../dashboards/support";
import { call, syncedDemoStore, tableText } from "./support";

vi.mock("@/lib/jobs/enqueue", () => ({ enqueue: vi.fn(async () => undefined) }));

const base = (slug: string) => `/api/v1/workspaces/${slug}/exports`;
const WEBHOOK = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=export-secret-3141";

async function exportingWorkspace(store = true) {
  const owner = await seedUser();
  const workspace = await seedWorkspace(owner.id);
  if (store) await syncedDemoStore(workspace.id);
  await createDestination(workspace.id, null, { kind: "wecom", name: "Team chat", url: WEBHOOK });
  const key = await apiKey(workspace.id, owner.id, "owner");
  return { owner, workspace, key };
}

async function requestExport(slug: string, key: string) {
  const response = await call(requestRoute, "POST", base(slug), { slug }, key);
  expect(response.status).toBe(202);
  return (await response.json()) as { id: string; status: string; download_url: string | null };
}

async function statusOf(slug: string, id: string, key: string) {
  const response = await call(statusRoute, "GET", `${base(slug)}/${id}`, { slug, id }, key);
  expect(response.status).toBe(200);
  return (await response.json()) as { status: string; download_url: string | null; progress: { percent: number; tables_done: number; tables_total: number; rows: number } };
}

const download = (slug: string, id: string, url: string, key: string | null) => call(downloadRoute, "GET", url, { slug, id }, key);

describe("a workspace export", () => {
  it("holds every exported table's rows exactly, a manifest, and nothing secret or of another workspace", async () => {
    const { workspace, key } = await exportingWorkspace();
    const other = await exportingWorkspace(false);
    const requested = await requestExport(workspace.slug, key);
    expect(requested).toMatchObject({ status: "queued", download_url: null });
    expect(vi.mocked(enqueue)).toHaveBeenCalledWith(expect.objectContaining({ id: "build-workspace-export" }), { workspaceId: workspace.id, exportId: requested.id });
    expect(await db.auditEvent.count({ where: { workspaceId: workspace.id, action: "export.requested", targetId: requested.id, actorKind: "api_key" } })).toBe(1);

    // Small pages and chunks, so keyset pagination and chunking are both exercised.
    await buildWorkspaceExport(workspace.id, requested.id, { pageRows: 25, chunkBytes: 16_384 });
    const tables = await exportTables();
    // What each table holds now: the download below adds to the audit trail after the file was made.
    const expected = new Map<string, (string | null)[][]>();
    for (const table of tables) expected.set(table.name, await tableText(table.name, table.columns.map((c) => c.name), table.key.map((k) => k.name), workspace.id));
    const status = await statusOf(workspace.slug, requested.id, key);
    expect(status.status).toBe("done");
    expect(status.progress.percent).toBe(100);
    expect(status.progress.tables_done).toBe(status.progress.tables_total);
    expect(await db.workspaceExportChunk.count({ where: { workspaceId: workspace.id, exportId: requested.id } })).toBeGreaterThan(1);

    const response = await download(workspace.slug, requested.id, status.download_url!, key);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/zip");
    const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
    const manifest = JSON.parse(strFromU8(files["manifest.json"]!)) as Manifest;
    expect(manifest.workspace.id).toBe(workspace.id);
    expect(manifest.notes.join(" ")).toMatch(/sealed/);
    expect(manifest.excluded.map((e) => e.name).sort()).toEqual(Object.keys(EXCLUDED_TABLES).sort());

    expect(Object.keys(files).sort()).toEqual([...tables.map((t) => `${t.name}.csv`), "manifest.json"].sort());
    const everything = Object.values(files).map((f) => strFromU8(f)).join("\n");
    expect(everything).not.toContain(other.workspace.id);
    expect(everything).not.toContain("export-secret-3141");
    const sealedCredentials = await db.connection.findMany({ where: { workspaceId: workspace.id }, select: { credentials: true } });
    for (const { credentials } of sealedCredentials) if (credentials) expect(everything).not.toContain(credentials);

    let rowsSeen = 0;
    for (const table of tables) {
      const [header, ...rows] = parseExportCsv(strFromU8(files[`${table.name}.csv`]!));
      expect(header, table.name).toEqual(table.columns.map((c) => c.name));
      for (const column of header!) expect(SECRET_COLUMN.test(column!), `${table.name}.${column}`).toBe(false);
      expect(rows, table.name).toEqual(expected.get(table.name));
      expect(manifest.tables.find((t) => t.name === table.name)?.rows, table.name).toBe(rows.length);
      rowsSeen += rows.length;
    }
    expect(rowsSeen).toBe(status.progress.rows);
    // The store's data is really there (the comparison above is not of empty tables).
    expect(manifest.tables.find((t) => t.name === "orders")!.rows).toBeGreaterThanOrEqual(100);
    expect(manifest.tables.find((t) => t.name === "connections")!.omittedColumns).toContain("credentials");
    expect(manifest.tables.find((t) => t.name === "notification_destinations")!.omittedColumns).toEqual(expect.arrayContaining(["config", "config_hint"]));
    const customers = parseExportCsv(strFromU8(files["customers.csv"]!));
    const emailColumn = customers[0]!.indexOf("email_encrypted");
    expect(customers.slice(1).some((row) => row[emailColumn] && !row[emailColumn]!.includes("@"))).toBe(true);
    expect(everything).not.toMatch(/@example\.(com|test)/);

    expect(await db.auditEvent.count({ where: { workspaceId: workspace.id, action: "export.downloaded", targetId: requested.id } })).toBe(1);
  }, 60_000);

  it("is built by its job, one at a time per workspace, and listed with progress for owners only", async () => {
    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id);
    const key = await apiKey(workspace.id, owner.id, "owner");
    const requested = await requestExport(workspace.slug, key);
    const again = await call(requestRoute, "POST", base(workspace.slug), { slug: workspace.slug }, key);
    expect(again.status).toBe(409);
    await buildWorkspaceExportHandler.run({ workspaceId: workspace.id, exportId: requested.id }, { step: async (_id, work) => work(), sleep: async () => {}, enqueue: async () => {} });
    const list = await call(listRoute, "GET", base(workspace.slug), { slug: workspace.slug }, key);
    const body = (await list.json()) as { exports: { id: string; status: string; download_url: string | null }[] };
    expect(body.exports).toEqual([expect.objectContaining({ id: requested.id, status: "done", download_url: expect.stringContaining(`/exports/${requested.id}/download?`) })]);
    expect((await requestExport(workspace.slug, key)).status).toBe("queued");

    const admin = await apiKey(workspace.id, owner.id, "admin");
    expect((await call(listRoute, "GET", base(workspace.slug), { slug: workspace.slug }, admin)).status).toBe(403);
    expect((await call(requestRoute, "POST", base(workspace.slug), { slug: workspace.slug }, admin)).status).toBe(403);
  });

  it("answers bad input with a 400 naming the field", async () => {
    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id);
    const key = await apiKey(workspace.id, owner.id, "owner");
    const path = base(workspace.slug);
    const withField = await call(requestRoute, "POST", path, { slug: workspace.slug }, key, JSON.stringify({ format: "xlsx" }));
    expect(withField.status).toBe(400);
    expect((await withField.json()).error.fields).toHaveProperty("format");
    expect((await call(requestRoute, "POST", path, { slug: workspace.slug }, key, "[1]")).status).toBe(400);
    const unknown = await call(listRoute, "GET", `${path}?page=2`, { slug: workspace.slug }, key);
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error.fields).toHaveProperty("page");
    expect(await db.workspaceExport.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });
});

describe("an export's download link", () => {
  it("works for its holder only: another member, a changed link or another workspace gets 404; an expired one 410", async () => {
    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id);
    const coOwner = await seedUser();
    await seedMembership(workspace.id, coOwner.id, "owner");
    const key = await apiKey(workspace.id, owner.id, "owner");
    const otherKey = await apiKey(workspace.id, coOwner.id, "owner");
    const requested = await requestExport(workspace.slug, key);
    await buildWorkspaceExport(workspace.id, requested.id);
    const url = (await statusOf(workspace.slug, requested.id, key)).download_url!;
    const { slug } = workspace;
    const id = requested.id;

    expect((await download(slug, id, url, otherKey)).status).toBe(404);
    const tampered = url.replace(/signature=(.)/, (_m, c: string) => `signature=${c === "A" ? "B" : "A"}`);
    expect((await download(slug, id, tampered, key)).status).toBe(404);
    const later = url.replace(/expires=(\d+)/, (_m, n: string) => `expires=${Number(n) + 3600}`);
    expect((await download(slug, id, later, key)).status).toBe(404);
    expect((await download(slug, id, url.replace(/&signature=[^&]+/, ""), key)).status).toBe(404);

    const stranger = await seedUser();
    const theirs = await seedWorkspace(stranger.id);
    const theirKey = await apiKey(theirs.id, stranger.id, "owner");
    expect((await download(slug, id, url, theirKey)).status).toBe(404);
    expect((await call(statusRoute, "GET", `${base(slug)}/${id}`, { slug, id }, theirKey)).status).toBe(404);
    expect((await call(listRoute, "GET", base(slug), { slug }, theirKey)).status).toBe(404);
    // Their own workspace's address with this export's id: not theirs either.
    expect((await call(statusRoute, "GET", `${base(theirs.slug)}/${id}`, { slug: theirs.slug, id }, theirKey)).status).toBe(404);

    const apiKeyId = (await db.apiKey.findFirstOrThrow({ where: { workspaceId: workspace.id, name: "owner key", createdById: owner.id }, orderBy: { createdAt: "asc" }, select: { id: true } })).id;
    const stale = signLink(id, { kind: "apiKey", apiKeyId }, new Date(Date.now() - 25 * 3600_000));
    const expired = await download(slug, id, downloadPath(slug, id, stale), key);
    expect(expired.status).toBe(410);
    expect((await expired.json()).error.message).toMatch(/expired/);
    expect(await db.auditEvent.count({ where: { workspaceId: workspace.id, action: "export.downloaded" } })).toBe(0);
    expect((await download(slug, id, url, key)).status).toBe(200);
  });

  it("stops working when the export expires, and the sweep deletes the file", async () => {
    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id);
    const key = await apiKey(workspace.id, owner.id, "owner");
    const requested = await requestExport(workspace.slug, key);
    await buildWorkspaceExport(workspace.id, requested.id);
    const url = (await statusOf(workspace.slug, requested.id, key)).download_url!;
    await db.workspaceExport.update({ where: { workspaceId_id: { workspaceId: workspace.id, id: requested.id } }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await download(workspace.slug, requested.id, url, key)).status).toBe(410);
    expect((await statusOf(workspace.slug, requested.id, key)).download_url).toBeNull();
    expect(await deleteExpiredWorkspaceExports()).toBeGreaterThanOrEqual(1);
    expect(await db.workspaceExport.count({ where: { workspaceId: workspace.id } })).toBe(0);
    expect(await db.workspaceExportChunk.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });
});
