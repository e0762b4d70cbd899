import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { syncAudienceKlaviyoHandler } from "@/lib/audiences/job-handlers";
import { syncAudienceToKlaviyo } from "@/lib/audiences/klaviyo-sync";
import { saveAudienceSettings } from "@/lib/audiences/settings";
import { KLAVIYO_API_BASE, KLAVIYO_REVISION } from "@/lib/connectors/klaviyo/client";
import listCreated from "@/lib/connectors/klaviyo/fixtures/list_created.json";
import listsEmpty from "@/lib/connectors/klaviyo/fixtures/lists_empty.json";
import listsFound from "@/lib/connectors/klaviyo/fixtures/lists_found.json";
import importJob from "@/lib/connectors/klaviyo/fixtures/profile_bulk_import_job.json";
import profilesByEmail from "@/lib/connectors/klaviyo/fixtures/profiles_by_email.json";
import unauthorized from "@/lib/connectors/klaviyo/fixtures/error_401.json";
import throttled from "@/lib/connectors/klaviyo/fixtures/error_429.json";
import { sealJson } from "@/lib/crypto/secrets";
import { db } from "@/lib/db/client";
import { recordingContext } from "../notifications/support";
import { unique } from "../helpers";
import { audienceWorkspace, makeTag, tagPeople } from "./factory";

const queued = vi.hoisted(() => [] as { workspaceId: string; tagId: string }[]);
vi.mock("@/lib/jobs/enqueue", () => ({ enqueue: vi.fn(async (_job: unknown, payload: (typeof queued)[number]) => void queued.push(payload)) }));

const KEY = "pk_1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e";
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

type Seen = { method: string; path: string; query: string; body: unknown };

/** Klaviyo's list endpoints answering with the recorded responses; `first` answers jump the queue. */
function klaviyo(options: { listExists?: boolean; throttleImports?: number; revoked?: boolean } = {}) {
  const seen: Seen[] = [];
  let throttles = options.throttleImports ?? 0;
  const record = async (request: Request) => {
    if (request.headers.get("revision") !== KLAVIYO_REVISION) throw new Error("missing revision header");
    const url = new URL(request.url);
    const text = await request.text();
    seen.push({ method: request.method, path: url.pathname.replace("/api/", ""), query: url.searchParams.get("filter") ?? "", body: text ? JSON.parse(text) : null });
    return request.headers.get("authorization") === `Klaviyo-API-Key ${KEY}` && !options.revoked;
  };
  const refused = () => HttpResponse.json(unauthorized, { status: 401 });
  server.use(
    http.get(`${KLAVIYO_API_BASE}/lists`, async ({ request }) => ((await record(request)) ? HttpResponse.json(options.listExists ? listsFound : listsEmpty) : refused())),
    http.post(`${KLAVIYO_API_BASE}/lists`, async ({ request }) => ((await record(request)) ? HttpResponse.json(listCreated, { status: 201 }) : refused())),
    http.post(`${KLAVIYO_API_BASE}/profile-bulk-import-jobs`, async ({ request }) => {
      if (!(await record(request))) return refused();
      if (throttles-- > 0) return HttpResponse.json(throttled, { status: 429, headers: { "Retry-After": "3" } });
      return HttpResponse.json(importJob, { status: 202 });
    }),
    http.get(`${KLAVIYO_API_BASE}/profiles`, async ({ request }) => ((await record(request)) ? HttpResponse.json(profilesByEmail) : refused())),
    http.delete(`${KLAVIYO_API_BASE}/lists/:id/relationships/profiles`, async ({ request }) => ((await record(request)) ? new HttpResponse(null, { status: 204 }) : refused())),
  );
  return seen;
}

async function setUp() {
  const base = await audienceWorkspace({ people: 3 });
  const connection = await db.connection.create({
    data: { workspaceId: base.workspace.id, provider: "klaviyo", externalAccountId: unique("acct"), displayName: "Northwind Coffee Co.", credentials: sealJson({ mode: "private_key", apiKey: KEY }), scopes: [] },
    select: { id: true },
  });
  const tag = await makeTag(base.workspace.id, "Champions");
  return { ...base, connectionId: connection.id, tag };
}

describe("the Klaviyo list sync", () => {
  it("creates the list, sends every member with an email in one import (waiting out a 429's Retry-After), then only changes", async () => {
    const { workspace, people, connectionId, tag } = await setUp();
    const withEmail = people.filter((p) => p.email);
    await tagPeople(workspace.id, tag.id, people.map((p) => p.key));
    await saveAudienceSettings(workspace.id, tag.id, { klaviyoConnectionId: connectionId });
    expect(queued).toContainEqual({ workspaceId: workspace.id, tagId: tag.id });
    expect((await db.audienceSetting.findUniqueOrThrow({ where: { workspaceId_tagId: { workspaceId: workspace.id, tagId: tag.id } } })).klaviyoStatus).toBe("pending");

    const seen = klaviyo({ throttleImports: 1 });
    const sleeps: number[] = [];
    const outcome = await syncAudienceToKlaviyo(workspace.id, tag.id, { sleep: async (ms) => void sleeps.push(ms) });
    expect(outcome).toEqual({ listId: "Lst7Qa", added: 3, removed: 0, skipped: 1 });
    expect(sleeps).toEqual([3000]);
    expect(seen.map((s) => `${s.method} ${s.path}`)).toEqual(["GET lists", "POST lists", "POST profile-bulk-import-jobs", "POST profile-bulk-import-jobs"]);
    expect(seen[0]!.query).toBe('equals(name,"Signalboard: Champions")');
    expect(seen[1]!.body).toEqual({ data: { type: "list", attributes: { name: "Signalboard: Champions" } } });
    const job = seen[3]!.body as { data: { attributes: { profiles: { data: { attributes: { email: string } }[] } }; relationships: unknown } };
    expect(job.data.attributes.profiles.data.map((p) => p.attributes.email).sort()).toEqual(withEmail.map((p) => p.email).sort());
    expect(job.data.relationships).toEqual({ lists: { data: [{ type: "list", id: "Lst7Qa" }] } });
    const synced = await db.audienceSetting.findUniqueOrThrow({ where: { workspaceId_tagId: { workspaceId: workspace.id, tagId: tag.id } } });
    expect(synced).toMatchObject({ klaviyoStatus: "synced", klaviyoListId: "Lst7Qa", klaviyoAdded: 3, klaviyoSkipped: 1, klaviyoError: null });

    // A leave: the change is queued, and the next sync removes only that profile, by its Klaviyo id.
    queued.length = 0;
    await tagPeople(workspace.id, tag.id, [], [withEmail[0]!.key]);
    expect(queued).toEqual([{ workspaceId: workspace.id, tagId: tag.id }]);
    const next = klaviyo();
    expect(await syncAudienceToKlaviyo(workspace.id, tag.id)).toEqual({ listId: "Lst7Qa", added: 0, removed: 1, skipped: 0 });
    expect(next.map((s) => `${s.method} ${s.path}`)).toEqual(["GET profiles", "DELETE lists/Lst7Qa/relationships/profiles"]);
    expect(next[0]!.query).toBe(`any(email,["${withEmail[0]!.email}"])`);
    expect(next[1]!.body).toEqual({ data: [{ type: "profile", id: "01JEXAMPLE0PROFILE0000001" }] });

    // Nothing new: no call at all.
    const idle = klaviyo();
    expect(await syncAudienceToKlaviyo(workspace.id, tag.id)).toEqual({ listId: "Lst7Qa", added: 0, removed: 0, skipped: 0 });
    expect(idle).toEqual([]);
  });

  it("reuses a list of the same name, and records a refused key as a failure without moving past unsent changes", async () => {
    const { workspace, people, connectionId, tag } = await setUp();
    await saveAudienceSettings(workspace.id, tag.id, { klaviyoConnectionId: connectionId });
    const seen = klaviyo({ listExists: true });
    await syncAudienceToKlaviyo(workspace.id, tag.id);
    expect(seen.map((s) => `${s.method} ${s.path}`)).toEqual(["GET lists"]);

    await tagPeople(workspace.id, tag.id, [people[0]!.key]);
    klaviyo({ revoked: true });
    const job = { workspaceId: workspace.id, tagId: tag.id };
    await expect(syncAudienceKlaviyoHandler.run(job, recordingContext().context)).rejects.toMatchObject({ kind: "auth" });
    const failed = await db.audienceSetting.findUniqueOrThrow({ where: { workspaceId_tagId: job } });
    expect(failed.klaviyoStatus).toBe("failed");
    expect(failed.klaviyoError).toContain("write access to lists and profiles");
    expect(failed.klaviyoError).not.toContain(KEY);

    // The key mended: the same change is sent.
    const retried = klaviyo({ listExists: true });
    await syncAudienceKlaviyoHandler.run(job, recordingContext().context);
    expect(retried.map((s) => `${s.method} ${s.path}`)).toEqual(["POST profile-bulk-import-jobs"]);
    expect(await db.audienceSetting.findUniqueOrThrow({ where: { workspaceId_tagId: job } })).toMatchObject({ klaviyoStatus: "synced", klaviyoAdded: 1 });
  });

  it("refuses a connection that is not a Klaviyo connection of the workspace", async () => {
    const { workspace, shopId, tag } = await setUp();
    const other = await setUp();
    for (const id of [shopId, other.connectionId]) {
      await expect(saveAudienceSettings(workspace.id, tag.id, { klaviyoConnectionId: id })).rejects.toMatchObject({ fields: { klaviyoConnectionId: expect.any(String) } });
    }
  });
});
