import crypto from "node:crypto";
import { errorResponse, readRawBody } from "@/lib/api/respond";
import { getPool } from "@/lib/db/pool";
import { AppError } from "@/lib/errors";
import { corsHeaders, pageWriteKey, preflightHeaders } from "@/lib/tracking/ingest";
import { takeToken } from "@/lib/tracking/rate-limit";
import { localDate } from "@/lib/time/zone";
import { parseInput } from "@/lib/validation";
import {
  ZPopupConfirmInputSchema,
  ZPopupEligibleInputSchema,
  type TPopupArm,
  type TPopupConfirmAnswer,
  type TPopupEligible,
  type TPopupAudience,
  type TPopupTriggerType,
} from "./schema";
import { levelOfPerson, personHasTag, personKeyOfVisitor } from "./targeting";
import { urlPatternMatches } from "./url-pattern";

// The snippet's two asks, authenticated by the page's write key as the event API is (same
// origins, its own rate-limit bucket): which templates may show on this page now (the base
// conditions: enabled, inside the active window, URL pattern, daily limit not reached), and,
// just before showing one, whether this visitor may see it (audience, tag, level, the sticky A/B
// arm, the daily limit counted atomically). Bodies are JSON sent as text/plain, so the browser
// needs no preflight.

const MAX_BODY_BYTES = 8 * 1024;

type TemplateRow = {
  id: string; title: string; body: string; cta_label: string | null; cta_url: string | null; url_pattern: string;
  trigger_type: string; trigger_seconds: number | null; trigger_event: string | null; audience: string;
  target_tag_id: string | null; target_levels: string[]; show_percent: number;
};
type Limits = { time_zone: string; daily_limit: number | null; shows_today: number };

const LIVE_TEMPLATES_SQL = `
SELECT id, title, body, cta_label, cta_url, url_pattern, trigger_type, trigger_seconds, trigger_event, audience,
  target_tag_id, COALESCE(target_levels, '{}') AS target_levels, show_percent
FROM popup_templates
WHERE workspace_id = $1 AND enabled AND (active_from IS NULL OR active_from <= $2::timestamp) AND (active_until IS NULL OR active_until > $2::timestamp)
  AND ($3::text IS NULL OR id = $3)
ORDER BY created_at, id
LIMIT 200`;

async function liveTemplates(workspaceId: string, now: Date, id: string | null = null): Promise<TemplateRow[]> {
  const { rows } = await getPool().query<TemplateRow>({ name: "popups-live", text: LIVE_TEMPLATES_SQL, values: [workspaceId, now.toISOString().slice(0, 23), id] });
  return rows;
}

async function limitsOf(workspaceId: string, now: Date): Promise<Limits & { today: string }> {
  const { rows } = await getPool().query<{ time_zone: string; daily_limit: number | null }>({
    name: "popups-limits",
    text: "SELECT w.time_zone, s.daily_limit FROM workspaces w LEFT JOIN popup_settings s ON s.workspace_id = w.id WHERE w.id = $1",
    values: [workspaceId],
  });
  const row = rows[0];
  if (!row) throw new AppError("not_found", "Workspace not found.");
  const today = localDate(now, row.time_zone);
  const shows = await getPool().query<{ shows: number }>({
    name: "popups-shows-today",
    text: "SELECT shows FROM popup_daily_shows WHERE workspace_id = $1 AND day = $2::date",
    values: [workspaceId, today],
  });
  return { ...row, today, shows_today: shows.rows[0]?.shows ?? 0 };
}

const eligibleJson = (t: TemplateRow): TPopupEligible => ({
  id: t.id,
  title: t.title,
  body: t.body,
  cta_label: t.cta_label,
  cta_url: t.cta_url,
  trigger_type: t.trigger_type as TPopupTriggerType,
  trigger_seconds: t.trigger_seconds,
  trigger_event: t.trigger_event,
  audience: t.audience as TPopupAudience,
});

/** The templates whose base conditions hold now for this page. */
export async function eligiblePopups(workspaceId: string, input: unknown, now = new Date()): Promise<TPopupEligible[]> {
  const { url } = parseInput(ZPopupEligibleInputSchema, input);
  const limits = await limitsOf(workspaceId, now);
  if (limits.daily_limit !== null && limits.shows_today >= limits.daily_limit) return [];
  const page = new URL(url);
  return (await liveTemplates(workspaceId, now)).filter((t) => urlPatternMatches(t.url_pattern, page)).map(eligibleJson);
}

/** Draws the arm of a visitor who has none: a show with the template's probability, else the holdout. */
export function drawArm(showPercent: number, random: () => number = () => crypto.randomInt(0, 1_000_000) / 1_000_000): TPopupArm {
  return showPercent >= 100 || random() * 100 < showPercent ? "show" : "holdout";
}

/**
 * The visitor's sticky arm: the server's record wins; else the arm the browser kept (so a browser
 * that was told "holdout" stays out); else a fresh draw. Concurrent first confirms agree: the
 * insert that loses reads the winner's row.
 */
async function armOf(workspaceId: string, template: TemplateRow, anonymousId: string, kept: TPopupArm | null | undefined, now: Date, random?: () => number): Promise<TPopupArm> {
  const arm = kept ?? drawArm(template.show_percent, random);
  const { rows } = await getPool().query<{ arm: TPopupArm }>({
    name: "popups-assign",
    text: `WITH fresh AS (
        INSERT INTO popup_assignments (workspace_id, template_id, anonymous_id, arm, assigned_at) VALUES ($1, $2, $3, $4, $5::timestamp)
        ON CONFLICT (workspace_id, template_id, anonymous_id) DO NOTHING RETURNING arm)
      SELECT arm FROM fresh UNION ALL SELECT arm FROM popup_assignments WHERE workspace_id = $1 AND template_id = $2 AND anonymous_id = $3 LIMIT 1`,
    values: [workspaceId, template.id, anonymousId, arm, now.toISOString().slice(0, 23)],
  });
  return rows[0]?.arm ?? arm;
}

/** Counts one show against today's limit in one statement; false when the limit is reached. */
export async function takeDailyShow(workspaceId: string, day: string, limit: number | null): Promise<boolean> {
  const { rows } = await getPool().query({
    name: "popups-take-show",
    text: `INSERT INTO popup_daily_shows AS d (workspace_id, day, shows) SELECT $1, $2::date, 1 WHERE $3::int IS NULL OR $3::int >= 1
      ON CONFLICT (workspace_id, day) DO UPDATE SET shows = d.shows + 1 WHERE $3::int IS NULL OR d.shows < $3::int
      RETURNING shows`,
    values: [workspaceId, day, limit],
  });
  return rows.length > 0;
}

const refuse = (reason: TPopupConfirmAnswer["reason"], arm: TPopupArm | null = null): TPopupConfirmAnswer => ({ show: false, arm, reason });

/** Whether this visitor may see this template now; records the arm and counts the show. */
export async function confirmPopup(workspaceId: string, input: unknown, now = new Date(), random?: () => number): Promise<TPopupConfirmAnswer> {
  const data = parseInput(ZPopupConfirmInputSchema, input);
  const [template] = await liveTemplates(workspaceId, now, data.template_id);
  if (!template || !urlPatternMatches(template.url_pattern, data.url)) return refuse("inactive");
  const personKey = await personKeyOfVisitor(workspaceId, data.anonymous_id);
  // A member is signed in on the page (the snippet sends its member id) or known to be a person.
  const member = Boolean(data.user_id) || personKey !== null;
  if ((template.audience === "member" && !member) || (template.audience === "anonymous" && member)) return refuse("audience");
  if (template.target_tag_id && !(personKey && (await personHasTag(workspaceId, template.target_tag_id, personKey)))) return refuse("tag");
  if (template.target_levels.length > 0) {
    const level = personKey ? await levelOfPerson(workspaceId, personKey) : null;
    if (!level || !template.target_levels.includes(level)) return refuse("level");
  }
  const arm = await armOf(workspaceId, template, data.anonymous_id, data.arm, now, random);
  if (arm === "holdout") return refuse("holdout", arm);
  const limits = await limitsOf(workspaceId, now);
  if (!(await takeDailyShow(workspaceId, limits.today, limits.daily_limit))) return refuse("limit", arm);
  await getPool().query({
    name: "popups-first-shown",
    text: "UPDATE popup_assignments SET first_shown_at = $4::timestamp WHERE workspace_id = $1 AND template_id = $2 AND anonymous_id = $3 AND first_shown_at IS NULL",
    values: [workspaceId, template.id, data.anonymous_id, now.toISOString().slice(0, 23)],
  });
  return { show: true, arm, reason: null };
}

function parseBody(raw: Buffer): Record<string, unknown> {
  if (raw.length === 0) throw AppError.field("body", "The request body is empty; send JSON.");
  let body: unknown;
  try {
    body = JSON.parse(raw.toString("utf8"));
  } catch {
    throw AppError.field("body", "The request body is not valid JSON.");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw AppError.field("body", "Send a JSON object.");
  return body as Record<string, unknown>;
}

type Work<T> = (workspaceId: string, body: Record<string, unknown>, now: Date) => Promise<T>;

/** Answers one of the snippet's asks end to end; never throws, never a 5xx for bad input. */
export async function answerSnippetAsk<T>(request: Request, work: Work<T>, now = new Date()): Promise<Response> {
  const origin = request.headers.get("origin");
  try {
    const body = parseBody(await readRawBody(request, MAX_BODY_BYTES));
    const key = await pageWriteKey(request.headers, body);
    const wait = takeToken(`popups:${key.id}`, now.getTime());
    if (wait !== null) throw new AppError("rate_limited", `Too many requests for this key; retry in ${wait} s.`, { retryAfterSeconds: wait });
    const answer = await work(key.workspaceId, body, now);
    return Response.json(answer, { headers: { ...corsHeaders(origin, true), "cache-control": "no-store" } });
  } catch (error) {
    const response = errorResponse(error);
    // A refused origin must not be readable by that origin's page; every other answer is.
    for (const [name, value] of Object.entries(corsHeaders(origin, !(error instanceof AppError && error.code === "forbidden")))) response.headers.set(name, value);
    return response;
  }
}

export const answerEligible = (request: Request, now?: Date) =>
  answerSnippetAsk(request, async (workspaceId, body, at) => ({ popups: await eligiblePopups(workspaceId, body, at) }), now);

export const answerConfirm = (request: Request, now?: Date) => answerSnippetAsk(request, (workspaceId, body, at) => confirmPopup(workspaceId, body, at), now);

export function answerPreflight(request: Request): Response {
  return new Response(null, { status: 204, headers: preflightHeaders(request.headers.get("origin")) });
}
