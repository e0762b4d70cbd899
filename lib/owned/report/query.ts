import { z } from "zod";
import { AppError } from "@/lib/errors";
import { boundsMessage, dayInBounds } from "@/lib/time/bounds";
import { addDays } from "@/lib/time/zone";
import { OWNED_CHANNELS, type TOwnedChannel } from "../types";

// The owned-channel report's query string, shared by the page and the API: every mistake is a
// 400 naming the parameter before anything is read.

export const OWNED_REPORT_PARAMETERS = ["date_from", "date_to", "channel", "campaign", "template", "folder", "group_by"] as const;
export const OWNED_GROUPINGS = ["campaign", "template"] as const;
export const DEFAULT_DAYS = 30;
/** A report spans at most this many days of sends. */
export const MAX_DAYS = 400;
const ID = /^[A-Za-z0-9_-]{1,64}$/;

export type TOwnedReportQuery = {
  dateFrom: string;
  dateTo: string;
  channel: TOwnedChannel | null;
  campaignId: string | null;
  templateId: string | null;
  folderId: string | null;
  /** campaign: one row per campaign or flow; template: one per message of each. */
  groupBy: (typeof OWNED_GROUPINGS)[number];
};

const bad = (name: string, message: string) => AppError.field(name, `${name}: ${message}`);

function day(name: string, given: string | null, fallback: string): string {
  if (given === null) return fallback;
  if (!z.iso.date().safeParse(given).success) throw bad(name, "write the day as YYYY-MM-DD.");
  if (!dayInBounds(given)) throw bad(name, boundsMessage());
  return given;
}

function id(name: string, given: string | null): string | null {
  if (given === null) return null;
  if (!ID.test(given)) throw bad(name, "not an id of this workspace (letters, digits, '-' and '_').");
  return given;
}

/** Reads the report's query against the workspace's local today. */
export function parseOwnedReportQuery(params: URLSearchParams, today: string): TOwnedReportQuery {
  for (const name of new Set(params.keys())) {
    if (!(OWNED_REPORT_PARAMETERS as readonly string[]).includes(name)) throw bad(name, `unknown query parameter. Use: ${OWNED_REPORT_PARAMETERS.join(", ")}.`);
    if (params.getAll(name).length > 1) throw bad(name, "give it once.");
  }
  const get = (name: string) => {
    const value = params.get(name)?.trim();
    return value === undefined || value === "" ? null : value;
  };
  const dateTo = day("date_to", get("date_to"), today);
  const dateFrom = day("date_from", get("date_from"), addDays(dateTo, -(DEFAULT_DAYS - 1)));
  if (dateFrom > dateTo) throw bad("date_to", "the range ends before it starts.");
  if (addDays(dateFrom, MAX_DAYS - 1) < dateTo) throw bad("date_from", `a report covers at most ${MAX_DAYS} days.`);
  const channel = get("channel");
  if (channel !== null && !(OWNED_CHANNELS as readonly string[]).includes(channel)) throw bad("channel", `unknown channel "${channel}". Use one of: ${OWNED_CHANNELS.join(", ")}.`);
  const groupBy = get("group_by") ?? (get("campaign") ? "template" : "campaign");
  if (!(OWNED_GROUPINGS as readonly string[]).includes(groupBy)) throw bad("group_by", `use one of: ${OWNED_GROUPINGS.join(", ")}.`);
  return {
    dateFrom,
    dateTo,
    channel: channel as TOwnedChannel | null,
    campaignId: id("campaign", get("campaign")),
    templateId: id("template", get("template")),
    folderId: id("folder", get("folder")),
    groupBy: groupBy as TOwnedReportQuery["groupBy"],
  };
}

/** The query back as a query string (for links that change one thing). */
export function ownedReportSearch(query: TOwnedReportQuery, changes: Partial<Record<(typeof OWNED_REPORT_PARAMETERS)[number], string | null>> = {}): string {
  const values: Record<string, string | null> = {
    date_from: query.dateFrom,
    date_to: query.dateTo,
    channel: query.channel,
    campaign: query.campaignId,
    template: query.templateId,
    folder: query.folderId,
    ...changes,
  };
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) if (value) params.set(name, value);
  return params.toString();
}
