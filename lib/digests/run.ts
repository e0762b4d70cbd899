import type { Prisma } from "@/lib/db/generated/client";
import { db } from "@/lib/db/client";
import { appUrl } from "@/lib/email/mailer";
import { openDestination } from "@/lib/notifications/destinations";
import { FORMATTERS } from "@/lib/notifications/formats";
import { withImagesInline } from "@/lib/notifications/formats/email";
import { ZNotificationMessage, type NotificationMessage } from "@/lib/notifications/message";
import { sendNotification } from "@/lib/notifications/send";
import { parseInput } from "@/lib/validation";
import { digestChart } from "./chart";
import { composeFigures, type DigestFigures } from "./compose";
import { staleSources, type StaleSource } from "./freshness";
import { digestMessage, unmetCondition, type DigestChart } from "./render";
import { nextRunAfter, rangeFor, type DigestRange } from "./schedule";
import { digestForRun, type Digest } from "./service";
import { templateFor, templateMetrics } from "./template";
import { logger } from "@/lib/log";

const log = logger("digests");

// One run of a digest: read its figures, check the day's syncs covered the days, and hand each
// destination its message through sendNotification (which records and delivers it).

/** While the day's syncs are incomplete, a due digest is looked at again this often... */
export const RECHECK_MS = 15 * 60_000;
/** ...for at most this long after its scheduled time; then it goes out saying which sources were stale. */
export const WAIT_LIMIT_MS = 3 * 60 * 60_000;

export type DestinationMessage = { destinationId: string; message: NotificationMessage | null; skipped: string | null };

export type PreparedRun = { range: DigestRange; figures: DigestFigures; stale: StaleSource[]; messages: DestinationMessage[] };

/** The trend chart, and the destinations (by id; "" for a digest without any) that show it. */
export type ChartFor = { chart: DigestChart; destinationIds: ReadonlySet<string> };

/**
 * Who is shown the chart: email destinations, and the message document of a digest without
 * destinations. Chats and webhooks could show only an image at a public URL, which this server
 * may not have; a template's own https image still reaches them.
 */
async function chartTargets(digest: Digest): Promise<Set<string>> {
  if (digest.destinationIds.length === 0) return new Set([""]);
  const emails = await db.notificationDestination.findMany({
    where: { workspaceId: digest.workspaceId, id: { in: digest.destinationIds }, kind: "email" },
    select: { id: true },
  });
  return new Set(emails.map((d) => d.id));
}

/** Rendered once per run, whatever the number of destinations showing it. */
async function chartFor(digest: Digest, range: DigestRange, at: Date): Promise<ChartFor | null> {
  const destinationIds = await chartTargets(digest);
  if (destinationIds.size === 0) return null;
  try {
    const chart = await digestChart(digest.workspaceId, range, digest.sections, { now: at });
    return chart ? { chart, destinationIds } : null;
  } catch (error) {
    // The figures matter more than their picture: the digest still goes out, and the log says why it has none.
    log.error("chart not drawn", { digestId: digest.id, err: error });
    return null;
  }
}

/** Everything a run would send at `at`, without sending it. */
export async function prepareRun(digest: Digest, at: Date): Promise<PreparedRun> {
  const workspace = await db.workspace.findUniqueOrThrow({ where: { id: digest.workspaceId }, select: { name: true, slug: true } });
  const range = rangeFor(digest.basis, at, digest.timeZone);
  const [figures, stale, chart] = await Promise.all([
    composeFigures(digest.workspaceId, range, digest.sections, templateMetrics(digest.template), { now: at }),
    staleSources(digest.workspaceId, range.date_to, digest.timeZone),
    chartFor(digest, range, at),
  ]);
  return { range, figures, stale, messages: messagesFor(digest, figures, stale, { name: workspace.name, slug: workspace.slug }, chart) };
}

/** Each destination's message (or why its template's conditions hold it back). */
export function messagesFor(
  digest: Digest,
  figures: DigestFigures,
  stale: StaleSource[],
  workspace: { name: string; slug: string },
  chart: ChartFor | null = null,
): DestinationMessage[] {
  const order = digest.sections.map((s) => s.type);
  const kpiIds = digest.sections.find((s) => s.type === "kpis")?.metrics ?? [];
  const context = { digestName: digest.name, workspaceName: workspace.name, dashboardUrl: appUrl(`/w/${workspace.slug}`) };
  const targets = digest.destinationIds.length > 0 ? digest.destinationIds : [null];
  return targets.map((destinationId) => {
    const template = templateFor(digest.template, destinationId);
    const skipped = unmetCondition(template, figures);
    const shown = chart?.destinationIds.has(destinationId ?? "") ? chart.chart : null;
    return { destinationId: destinationId ?? "", skipped, message: skipped ? null : digestMessage(figures, template, order, kpiIds, stale, context, shown) };
  });
}

export type PreviewBody = { destinationId: string; name: string; kind: string; skipped: string | null; error: string | null; message: NotificationMessage | null; body: unknown };

/** What each destination would receive if the digest ran at `at`: the document and the formatted body. */
export async function previewRun(digest: Digest, at: Date): Promise<{ range: DigestRange; stale: StaleSource[]; destinations: PreviewBody[] }> {
  const prepared = await prepareRun(digest, at);
  const destinations = await Promise.all(
    prepared.messages.map(async ({ destinationId, message, skipped }): Promise<PreviewBody> => {
      if (!destinationId) return { destinationId, name: "(no destination)", kind: "document", skipped, error: null, message, body: message };
      const destination = await openDestination(digest.workspaceId, destinationId).catch(() => null);
      if (!destination) return { destinationId, name: "(deleted destination)", kind: "unknown", skipped, error: "This destination no longer exists.", message, body: null };
      const base = { destinationId, name: destination.name, kind: destination.kind, skipped, message };
      if (!message) return { ...base, error: null, body: null };
      const valid = parseInput(ZNotificationMessage, message);
      const outgoing = FORMATTERS[destination.kind].format(valid, destination.config, { deliveryId: "preview", messageKind: "digest", refId: digest.id, now: at });
      // The preview shows the body, never the URL or headers (a webhook's signature, a bot's key).
      // Emails show their inline images in a browser: the cid: references become data: URLs again.
      const body = outgoing.channel === "http" ? safeJson(outgoing.body) : outgoing.emails.map((email) => ({ subject: email.subject, html: withImagesInline(email), text: email.text }));
      return { ...base, error: null, body };
    }),
  );
  return { range: prepared.range, stale: prepared.stale, destinations };
}

const safeJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

export type RunOutcome = {
  status: "sent" | "sent_stale" | "skipped" | "waiting";
  at: string;
  range: { date_from: string; date_to: string };
  stale_sources: string[];
  deliveries: { destination_id: string; delivery_id: string | null; status: string; note: string | null }[];
};

/**
 * Runs a digest now. Scheduled runs (`waitUntil` set) wait while sources are stale and `now` is
 * before it; "send now" never waits and states the stale sources instead.
 */
export async function runDigest(digest: Digest, now: Date, options: { waitUntil?: Date } = {}): Promise<RunOutcome> {
  const prepared = await prepareRun(digest, now);
  const base = { at: now.toISOString(), range: { date_from: prepared.range.date_from, date_to: prepared.range.date_to }, stale_sources: prepared.stale.map((s) => s.name) };
  if (prepared.stale.length > 0 && options.waitUntil && now < options.waitUntil) return { ...base, status: "waiting", deliveries: [] };
  const deliveries: RunOutcome["deliveries"] = [];
  for (const { destinationId, message, skipped } of prepared.messages) {
    if (!destinationId) continue;
    if (!message) {
      deliveries.push({ destination_id: destinationId, delivery_id: null, status: "skipped", note: skipped });
      continue;
    }
    try {
      const queued = await sendNotification(digest.workspaceId, destinationId, message, { kind: "digest", refId: digest.id });
      deliveries.push({ destination_id: destinationId, delivery_id: queued.id, status: queued.status, note: null });
    } catch (error) {
      // A destination deleted since the digest was saved: recorded here, the others still go.
      deliveries.push({ destination_id: destinationId, delivery_id: null, status: "failed", note: (error as Error).message });
    }
  }
  const sentAny = deliveries.some((d) => d.delivery_id !== null);
  const status = !sentAny ? "skipped" : prepared.stale.length > 0 ? "sent_stale" : "sent";
  return { ...base, status, deliveries };
}

async function recordOutcome(digest: Digest, outcome: RunOutcome, changes: { nextRunAt?: Date; attemptAfter: Date }): Promise<void> {
  await db.digest.update({
    where: { workspaceId_id: { workspaceId: digest.workspaceId, id: digest.id } },
    data: {
      lastOutcome: outcome as unknown as Prisma.InputJsonValue,
      ...(outcome.status === "waiting" ? {} : { lastRunAt: new Date(outcome.at) }),
      ...changes,
    },
  });
}

/** "Send now": runs at once, whatever the schedule, and keeps the scheduled run as it was. */
export async function sendDigestNow(digest: Digest, now = new Date()): Promise<RunOutcome> {
  const outcome = await runDigest(digest, now);
  await recordOutcome(digest, outcome, { attemptAfter: digest.nextRunAt });
  return outcome;
}

/** A process works a claimed digest for at most this long before another may take it over. */
const LEASE_MS = 10 * 60_000;

/**
 * Runs every enabled digest whose time has come. Each is claimed by moving its attempt_after past
 * a lease (only one process wins the update), so two schedulers never send it twice.
 */
export async function runDueDigests(now = new Date(), only?: { workspaceId: string }): Promise<{ ran: number; waiting: number }> {
  const due = await db.digest.findMany({
    where: { enabled: true, attemptAfter: { lte: now }, ...(only ? { workspaceId: only.workspaceId } : {}) },
    select: { workspaceId: true, id: true, attemptAfter: true },
    orderBy: { attemptAfter: "asc" },
    take: 200,
  });
  let ran = 0;
  let waiting = 0;
  for (const row of due) {
    const claimed = await db.digest.updateMany({
      where: { workspaceId: row.workspaceId, id: row.id, attemptAfter: row.attemptAfter },
      data: { attemptAfter: new Date(now.getTime() + LEASE_MS) },
    });
    if (claimed.count === 0) continue;
    const digest = await digestForRun(row.workspaceId, row.id);
    if (!digest) continue;
    const waitUntil = new Date(digest.nextRunAt.getTime() + WAIT_LIMIT_MS);
    const outcome = await runDigest(digest, now, { waitUntil });
    if (outcome.status === "waiting") {
      waiting++;
      await recordOutcome(digest, outcome, { attemptAfter: new Date(Math.min(now.getTime() + RECHECK_MS, waitUntil.getTime())) });
    } else {
      ran++;
      // After a long outage the next run is the next one from now: days missed are not sent late.
      const nextRunAt = nextRunAfter(digest.schedule, digest.timeZone, now > digest.nextRunAt ? now : digest.nextRunAt);
      await recordOutcome(digest, outcome, { nextRunAt, attemptAfter: nextRunAt });
    }
  }
  return { ran, waiting };
}
