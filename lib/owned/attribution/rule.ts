// Owned attribution, the original product's rule: an order goes to its customer's most recent
// human click in the 24 hours before it, else to the most recent open in that span. Both the
// click and the open are kept (the report counts open- and click-conversions apart); which one
// credits the order is its basis. A human click counts as an open of its send, so an order
// after an image-blocked email still finds an open.

const MINUTE_MS = 60_000;
export const ATTRIBUTION_WINDOW_MS = 24 * 60 * MINUTE_MS;
/** The hourly recompute looks at orders between these ages. */
export const RECOMPUTE_MIN_AGE_MS = 20 * MINUTE_MS;
export const RECOMPUTE_MAX_AGE_MS = 740 * MINUTE_MS;

export type TOwnedClick = { id: string; sendId: string; at: Date; human: boolean | null; machine: boolean };
export type TOwnedOpen = { id: string; sendId: string; at: Date; machine: boolean };
export type TOwnedTouch = { kind: "click" | "open"; id: string; sendId: string; at: Date };
export type TOwnedAttribution = { basis: "click" | "open"; click: TOwnedTouch | null; open: TOwnedTouch };

const inWindow = (at: Date, orderAtMs: number) => at.getTime() <= orderAtMs && at.getTime() >= orderAtMs - ATTRIBUTION_WINDOW_MS;
const latest = <T extends { at: Date; id: string }>(items: T[]): T | null =>
  items.reduce<T | null>((best, i) => (!best || i.at > best.at || (i.at.getTime() === best.at.getTime() && i.id > best.id) ? i : best), null);

/** Opens as the report counts them: pixel opens that no machine fetched, and human clicks. */
export function effectiveOpens(opens: readonly TOwnedOpen[], clicks: readonly TOwnedClick[]): TOwnedTouch[] {
  return [
    ...opens.filter((o) => !o.machine).map((o) => ({ kind: "open" as const, id: o.id, sendId: o.sendId, at: o.at })),
    ...clicks.filter((c) => c.human === true && !c.machine).map((c) => ({ kind: "click" as const, id: c.id, sendId: c.sendId, at: c.at })),
  ];
}

/** The attribution of an order placed at `orderAt`, or null when no human click or open came in the 24 hours before. */
export function attributeOrder(orderAt: Date, clicks: readonly TOwnedClick[], opens: readonly TOwnedOpen[]): TOwnedAttribution | null {
  const t = orderAt.getTime();
  const humanClicks = clicks.filter((c) => c.human === true && !c.machine && inWindow(c.at, t));
  const click = latest(humanClicks);
  const open = latest(effectiveOpens(opens, clicks).filter((o) => inWindow(o.at, t)));
  if (!open) return null;
  return {
    basis: click ? "click" : "open",
    click: click ? { kind: "click", id: click.id, sendId: click.sendId, at: click.at } : null,
    open,
  };
}

/** Whether the hourly recompute should look at an order placed at `placedAt` (20 to 740 minutes old, inclusive). */
export function inRecomputeWindow(placedAt: Date, now: Date): boolean {
  const age = now.getTime() - placedAt.getTime();
  return age >= RECOMPUTE_MIN_AGE_MS && age <= RECOMPUTE_MAX_AGE_MS;
}

/** The recompute's bounds on placed time at `now`. */
export function recomputeSpan(now: Date): { from: Date; to: Date } {
  return { from: new Date(now.getTime() - RECOMPUTE_MAX_AGE_MS), to: new Date(now.getTime() - RECOMPUTE_MIN_AGE_MS) };
}

/**
 * Orders the recompute redoes: in the window, and either never attributed or attributed to a
 * click or open whose row is gone (a restated sync, an erased visitor).
 */
export function dueForRecompute<T extends { placedAt: Date; attributedTo: readonly string[] | null }>(
  orders: readonly T[],
  existingTouchIds: ReadonlySet<string>,
  now: Date,
): T[] {
  return orders.filter(
    (o) => inRecomputeWindow(o.placedAt, now) && (o.attributedTo === null || o.attributedTo.length === 0 || o.attributedTo.some((id) => !existingTouchIds.has(id))),
  );
}

export type TMemberStatus = "member" | "anonymous";

/**
 * Anonymous or member is read at report time: a conversion is a member's when its visitor now
 * resolves to a known customer; no customer, or only a headless (anonymous) one, is anonymous.
 * A visitor identified after the order makes its earlier conversions a member's.
 */
export function memberStatus(visitor: { personKey: string | null; headless?: boolean } | null): TMemberStatus {
  return visitor && visitor.personKey && !visitor.headless ? "member" : "anonymous";
}
