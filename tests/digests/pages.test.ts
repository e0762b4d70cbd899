import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { deleteDigestAction, previewDigestAction, saveDigestAction, sendDigestNowAction } from "@/app/w/[slug]/digests/actions";
import DigestPage from "@/app/w/[slug]/digests/[id]/page";
import DigestPreviewPage from "@/app/w/[slug]/digests/[id]/preview/page";
import DigestsPage from "@/app/w/[slug]/digests/page";
import { currentUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { slackDestination } from "../notifications/support";
import { formOf, pageText, workspaceWith } from "../helpers";

// The digest pages' server actions and pages: who may do what, field errors by name, and another
// workspace's digest as a 404.

vi.mock("@/lib/auth", () => ({ auth: vi.fn(async () => null), signOut: async () => {} }));
vi.mock("@/lib/auth/session", () => ({ currentUser: vi.fn(async () => null) }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
vi.mock("next/navigation", async (original) => ({ ...(await original<typeof import("next/navigation")>()), useRouter: () => ({ push: vi.fn(), refresh: vi.fn() }) }));
vi.mock("@/lib/jobs/enqueue", () => ({ enqueue: vi.fn(async () => undefined) }));

const as = (user: { id: string; email: string }) => vi.mocked(currentUser).mockResolvedValue({ id: user.id, email: user.email, name: null });
const digestOf = (promise: Promise<unknown>) => promise.then(() => null, (e: unknown) => (e as { digest?: string }).digest ?? String(e));

async function setup() {
  const { workspace, owner, members } = await workspaceWith(["member", "viewer"] as const);
  const destination = await slackDestination(workspace.id);
  return { workspace, slug: workspace.slug, owner, member: members[0]!.user, viewer: members[1]!.user, destination };
}

const input = (destinationId: string) => ({
  name: "Morning numbers",
  schedule: { kind: "weekdays", time: "08:30" },
  basis: "yesterday",
  time_zone: null,
  sections: [{ type: "kpis", metrics: ["total_sales", "orders"] }],
  destination_ids: [destinationId],
  template: { default: { title: "{{orders}} orders on {{date}}" }, destinations: {} },
  enabled: true,
});

describe("digest pages", () => {
  it("shows the empty state, then lists a member's digest with its schedule, next run and destinations", async () => {
    const { slug, member, viewer, destination, workspace } = await setup();
    as(viewer);
    const empty = pageText(renderToStaticMarkup(await DigestsPage({ params: Promise.resolve({ slug }) })));
    expect(empty).toContain("No digests yet");
    expect(empty).toContain("A digest is a message with your key numbers");
    expect(empty).not.toContain("New digest");

    as(member);
    expect(pageText(renderToStaticMarkup(await DigestsPage({ params: Promise.resolve({ slug }) })))).toContain("New digest");
    const saved = await saveDigestAction(slug, null, input(destination.id));
    expect(saved).toMatchObject({ ok: true, message: "Digest created.", data: { id: expect.any(String) } });
    const row = await db.digest.findFirstOrThrow({ where: { workspaceId: workspace.id } });
    expect(row).toMatchObject({ id: saved!.data!.id, name: "Morning numbers", destinationIds: [destination.id] });

    as(viewer);
    const listed = pageText(renderToStaticMarkup(await DigestsPage({ params: Promise.resolve({ slug }) })));
    expect(listed).toContain("Morning numbers");
    expect(listed).toContain(`At 08:30, Monday through Friday (${workspace.timeZone})`);
    expect(listed).toContain("Growth channel");
    expect(listed).toContain("Never");
  });

  it("saves edits, names bad fields, and refuses viewers", async () => {
    const { slug, member, viewer, destination, workspace } = await setup();
    as(member);
    const id = (await saveDigestAction(slug, null, input(destination.id)))!.data!.id!;

    const bad = await saveDigestAction(slug, id, { ...input(destination.id), schedule: { kind: "daily", time: "25:00" }, template: { default: { title: "{{ordres}}" } } });
    expect(bad).toMatchObject({ ok: false, fields: { "schedule.time": expect.stringContaining("HH:MM"), "template.default.title": expect.stringContaining("ordres") } });
    const cron = await saveDigestAction(slug, id, { ...input(destination.id), schedule: { kind: "cron", expression: "*/5 * * * *" } });
    expect(cron).toMatchObject({ ok: false, fields: { "schedule.expression": expect.stringContaining("more than once an hour") } });

    expect(await saveDigestAction(slug, id, { ...input(destination.id), name: "Weekly numbers", basis: "last_week", schedule: { kind: "weekly", time: "07:00", day_of_week: "monday" } }))
      .toMatchObject({ ok: true, message: "Digest saved." });
    expect(await db.digest.findFirstOrThrow({ where: { workspaceId: workspace.id, id } })).toMatchObject({ name: "Weekly numbers", basis: "last_week" });

    as(viewer);
    expect(await saveDigestAction(slug, id, { name: "Mine now" })).toMatchObject({ ok: false, error: expect.stringContaining("role") });
    expect(await saveDigestAction(slug, null, input(destination.id))).toMatchObject({ ok: false, error: expect.stringContaining("role") });
    expect(await sendDigestNowAction(null, formOf({ slug, id }))).toMatchObject({ ok: false, error: expect.stringContaining("role") });
    expect(await db.digest.count({ where: { workspaceId: workspace.id } })).toBe(1);
  });

  it("previews a draft live: the destination's body, the schedule in words, and the field errors a save would give", async () => {
    const { slug, viewer, destination } = await setup();
    as(viewer);
    const answer = await previewDigestAction(slug, null, input(destination.id));
    expect(answer.ok).toBe(true);
    if (!answer.ok) return;
    expect(answer.preview.schedule_text).toMatch(/^At 08:30, Monday through Friday/);
    expect(answer.preview.range.label).toBe("Yesterday");
    expect(answer.preview.destinations).toMatchObject([{ destination_id: destination.id, kind: "slack", skipped: null, error: null }]);
    // The Slack body with the filled-in title, and never the webhook URL.
    const slackBody = JSON.stringify(answer.preview.destinations[0]!.body);
    expect(slackBody).toContain(" orders on ");
    expect(slackBody).not.toContain("{{");
    expect(JSON.stringify(answer)).not.toContain("hooks.slack.com");

    const bad = await previewDigestAction(slug, null, { ...input(destination.id), sections: [{ type: "kpis", metrics: ["nope"] }] });
    expect(bad).toMatchObject({ ok: false, fields: { "sections.0.metrics.0": expect.stringContaining('unknown metric "nope"') } });
  });

  it("sends now, says where to follow it, and keeps the schedule", async () => {
    const { slug, member, destination, workspace } = await setup();
    as(member);
    const id = (await saveDigestAction(slug, null, input(destination.id)))!.data!.id!;
    const before = await db.digest.findFirstOrThrow({ where: { workspaceId: workspace.id, id } });
    expect(await sendDigestNowAction(null, formOf({ slug, id }))).toMatchObject({ ok: true, message: "Sent to 1 destination." });
    const after = await db.digest.findFirstOrThrow({ where: { workspaceId: workspace.id, id } });
    expect(after.nextRunAt).toEqual(before.nextRunAt);
    expect(after.lastRunAt).not.toBeNull();
    expect(await db.notificationDelivery.count({ where: { workspaceId: workspace.id, refId: id, destinationId: destination.id } })).toBe(1);

    const page = pageText(renderToStaticMarkup(await DigestsPage({ params: Promise.resolve({ slug }) })));
    expect(page).toContain("Sent");

    // Without destinations there is nothing to send, and it says so.
    const lonely = (await saveDigestAction(slug, null, { ...input(destination.id), destination_ids: [] }))!.data!.id!;
    expect(await sendDigestNowAction(null, formOf({ slug, id: lonely }))).toMatchObject({ ok: false, error: expect.stringContaining("no destinations") });
  });

  it("renders the editor and the preview page, and deletes", async () => {
    const { slug, member, destination, workspace } = await setup();
    as(member);
    const id = (await saveDigestAction(slug, null, input(destination.id)))!.data!.id!;
    const editor = pageText(renderToStaticMarkup(await DigestPage({ params: Promise.resolve({ slug, id }) })));
    expect(editor).toContain("Morning numbers");
    expect(editor).toContain("Preview and send");
    const preview = pageText(renderToStaticMarkup(await DigestPreviewPage({ params: Promise.resolve({ slug, id }) })));
    expect(preview).toContain("Preview: Morning numbers");
    expect(preview).toContain("Growth channel · Slack (Block Kit)");
    expect(preview).toContain("Send now");

    expect(await digestOf(deleteDigestAction(null, formOf({ slug, id })))).toMatch(/^NEXT_REDIRECT/);
    expect(await db.digest.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });

  it("keeps another workspace's digest out of reach: 404 pages, refused actions", async () => {
    const mine = await setup();
    const theirs = await setup();
    as(theirs.member);
    const id = (await saveDigestAction(theirs.slug, null, input(theirs.destination.id)))!.data!.id!;

    as(mine.member);
    for (const render of [DigestPage, DigestPreviewPage]) {
      expect(await digestOf(render({ params: Promise.resolve({ slug: mine.slug, id }) }))).toMatch(/^NEXT_HTTP_ERROR_FALLBACK;404/);
    }
    // By their slug, I am not a member: 404 as well.
    expect(await digestOf(DigestPage({ params: Promise.resolve({ slug: theirs.slug, id }) }))).toMatch(/^NEXT_HTTP_ERROR_FALLBACK;404/);

    const notFound = { ok: false, error: expect.stringMatching(/No such digest|Workspace not found/) };
    expect(await saveDigestAction(mine.slug, id, { name: "Stolen" })).toMatchObject(notFound);
    expect(await saveDigestAction(theirs.slug, id, { name: "Stolen" })).toMatchObject(notFound);
    expect(await previewDigestAction(mine.slug, id, input(mine.destination.id))).toMatchObject(notFound);
    expect(await sendDigestNowAction(null, formOf({ slug: mine.slug, id }))).toMatchObject(notFound);
    expect(await deleteDigestAction(null, formOf({ slug: mine.slug, id }))).toMatchObject(notFound);
    // Nor may a draft name their destination.
    expect(await previewDigestAction(mine.slug, null, input(theirs.destination.id))).toMatchObject({ ok: false, fields: { destination_ids: expect.any(String) } });
    expect(await db.digest.findFirstOrThrow({ where: { workspaceId: theirs.workspace.id, id } })).toMatchObject({ name: "Morning numbers" });
    expect(await db.notificationDelivery.count({ where: { workspaceId: theirs.workspace.id } })).toBe(0);
  });
});
