import { shownSince } from "@/lib/billing/history";
import { loadFits } from "@/lib/attribution/fits";
import { getAttributionSettings } from "@/lib/attribution/settings";
import { customerKeyOf } from "@/lib/customers/customer-id";
import { emailsByHash, maskEmail } from "@/lib/customers/email";
import { db } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import { startOfLocalDay } from "@/lib/time/zone";
import { journeyIdentity } from "./identity";
import { journeyOrders } from "./orders";
import type { TJourneyQuery } from "./query";
import type { TCustomerJourney } from "./schema";
import { journeySessions } from "./sessions";

// One customer's journey: their visitors and why each is theirs, their sessions with key events,
// and their orders with the credit each touchpoint got. Read from stored rows only; nothing is
// attributed here (the per-touch split repeats the stored credit's arithmetic, ./touch-credits.ts).

/**
 * The journey of customer `id` in this workspace; another workspace's customer, or an id that is
 * not one, is not found. `revealEmail`: members and above see the whole address, viewers a mask.
 */
export async function getCustomerJourney(workspaceId: string, id: string, query: TJourneyQuery, { revealEmail }: { revealEmail: boolean }): Promise<TCustomerJourney> {
  const key = customerKeyOf(id);
  if (key === null) throw notFound("No such customer.");
  const [workspace, customer] = await Promise.all([
    db.workspace.findUnique({ where: { id: workspaceId }, select: { currency: true, timeZone: true } }),
    db.customerProfile.findUnique({ where: { workspaceId_customerKey: { workspaceId, customerKey: key } }, select: { emailHash: true } }),
  ]);
  if (!workspace || !customer) throw notFound("No such customer.");

  const [settings, fits, emails, shown] = await Promise.all([
    getAttributionSettings(workspaceId),
    loadFits(workspaceId),
    customer.emailHash ? emailsByHash(workspaceId, [customer.emailHash]) : Promise.resolve(new Map<string, string>()),
    shownSince(workspaceId, workspace.timeZone),
  ]);
  // Orders and sessions before the plan's earliest day are history it hides.
  const since = shown.earliest === null ? null : startOfLocalDay(shown.earliest, workspace.timeZone);
  const model = query.model ?? settings.defaultModel;
  const window = query.window ?? settings.defaultWindow;
  const orders = await journeyOrders(workspaceId, key, { model, window, settings: settings.model, fits, currency: workspace.currency }, since);
  const identity = await journeyIdentity(workspaceId, key, { visitorIds: orders.visitorIds, orderIds: orders.orders.map((o) => o.order_id) });
  const sessions = await journeySessions(workspaceId, identity.anonymousIds, since);
  const email = customer.emailHash ? (emails.get(customer.emailHash) ?? null) : null;
  return {
    customer: { id, email: email === null ? null : revealEmail ? email : maskEmail(email), email_masked: email !== null && !revealEmail },
    model,
    window,
    time_zone: workspace.timeZone,
    currency: workspace.currency,
    visitors: identity.visitors,
    visitors_total: identity.anonymousIds.length,
    merges: identity.merges,
    sessions: sessions.sessions,
    sessions_total: sessions.total,
    orders: orders.orders,
    orders_total: orders.total,
    history_note: shown.note,
  };
}
