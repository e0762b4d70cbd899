import { hash32, sequence } from "@/lib/connectors/shopify/demo/random";
import { addDays, localDate, startOfLocalDay } from "@/lib/time/zone";
import { flagMachineInteractions, type TInteraction, type TMachineReason } from "../humans/machine";
import type { TOwnedBlockReason, TOwnedCampaignKind, TOwnedChannel } from "../types";

// The demo store's email and SMS program, as a pure function of the store's customers, its
// tracked purchases and the clock: a weekly newsletter, a welcome series (email, then a text) and
// abandoned-cart reminders (email and SMS). What recipients did is drawn per send from the seed:
// - a purchase session that landed from an email (utm_source=email) was that email's click: the
//   newsletter issue before it when its campaign says newsletter, else a cart reminder; the click
//   comes 20 seconds before the session's first page, by the session's visitor, and its landing
//   page carries the same UTM tags, so the session starts from the tracked link;
// - some customers who bought through another channel had opened a cart reminder hours before;
// - every other send is opened, clicked, bounced or unsubscribed at realistic rates, and some are
//   fetched by Apple's Mail Privacy Protection or a link scanner on delivery.
// Nothing here decides what is human or what converted: the human-click rule and attribution run
// on the stored rows afterwards (./program.ts).

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

export const DEMO_STOREFRONT_URL = "https://alpha-hearing.example";

export type TDemoCustomer = { root: number; since: Date };
export type TDemoPurchase = {
  orderId: string;
  /** The store customer's root (its first order's index), null for a guest. */
  root: number | null;
  visitorId: string;
  sessionStartedAt: Date;
  landingPage: string | null;
};
export type TProgramInput = {
  seed: number;
  now: Date;
  timeZone: string;
  /** The program's first day: sends start here. */
  from: Date;
  /** Customers who may get the newsletter and reminders (first order before `since`). */
  customers: TDemoCustomer[];
  /** Customers whose first order fell in the program's span (welcomed from then). */
  newCustomers: TDemoCustomer[];
  purchases: TDemoPurchase[];
};

type TTemplateKey = "issue" | "welcome-1" | "welcome-2" | "welcome-sms" | "cart-1" | "cart-2" | "cart-sms";
type TCampaignKey = "newsletter" | "welcome" | "welcome-sms" | "cart" | "cart-sms";

export type TPlannedCampaign = { id: TCampaignKey; kind: TOwnedCampaignKind; channel: TOwnedChannel; name: string; folder: string; templates: { id: string; name: string; subject?: string }[] };
export type TPlannedSend = {
  id: string; campaign: TCampaignKey; template: string; channel: TOwnedChannel; sentAt: Date;
  status: "delivered" | "failed"; providerCode?: string; customerId: string | null; email: string; segments?: number;
};
export type TPlannedOpen = { sendId: string; at: Date; ipPrefix: string | null; machine: TMachineReason | null };
export type TPlannedClick = { sendId: string; at: Date; url: string; clickId: string; visitorId: string | null; ipPrefix: string | null; machine: TMachineReason | null };
/** The page a person's click landed on, sent as the storefront's snippet would. */
export type TPlannedLanding = { clickId: string; visitorId: string; at: Date; pageUrl: string };
export type TPlannedBlocked = { campaign: TCampaignKey; template: string; reason: TOwnedBlockReason; day: string; count: number };
export type TProgramPlan = {
  campaigns: TPlannedCampaign[];
  sends: TPlannedSend[];
  opens: TPlannedOpen[];
  clicks: TPlannedClick[];
  landings: TPlannedLanding[];
  unsubscribes: { sendId: string; at: Date }[];
  blocked: TPlannedBlocked[];
};

export const CUSTOMER_ID_BASE = 7_000_000_000_000;
export const demoCustomerEmail = (root: number) => `customer-${root}@example.com`;
const customerId = (root: number | null) => (root === null ? null : String(CUSTOMER_ID_BASE + root));

const RATES = { failed: 0.03, open: 0.32, mpp: 0.18, scanner: 0.04, click: 0.05, smsClick: 0.08, unsubscribe: 0.004, openConversion: 0.3, cartPerDay: 4 };
const BOUNCES = ["550 5.1.1 mailbox unavailable", "552 5.2.2 mailbox full", "554 5.7.1 rejected by policy"];
const SMS_FAILURES = ["30003 unreachable handset", "30005 unknown destination"];
const STREAM = { send: 1, cart: 2, purchase: 3, visitor: 4 } as const;

function campaignsOf(issues: Date[], timeZone: string): TPlannedCampaign[] {
  const label = (at: Date) => new Date(`${localDate(at, timeZone)}T12:00:00Z`).toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
  return [
    {
      id: "newsletter", kind: "campaign", channel: "email", name: "Weekly newsletter", folder: "Newsletters",
      templates: issues.map((at) => ({ id: `issue-${localDate(at, timeZone)}`, name: `Issue of ${label(at)}`, subject: `This week at Acme Outdoor: ${label(at)}` })),
    },
    {
      id: "welcome", kind: "flow", channel: "email", name: "Welcome series", folder: "Lifecycle flows",
      templates: [{ id: "welcome-1", name: "Welcome 1: thank you", subject: "Welcome to Acme Outdoor" }, { id: "welcome-2", name: "Welcome 2: getting started", subject: "Getting the most from your Alpha" }],
    },
    { id: "welcome-sms", kind: "flow", channel: "sms", name: "Welcome text", folder: "Lifecycle flows", templates: [{ id: "welcome-sms", name: "Welcome text" }] },
    {
      id: "cart", kind: "flow", channel: "email", name: "Abandoned cart", folder: "Lifecycle flows",
      templates: [{ id: "cart-1", name: "Cart reminder (1 hour)", subject: "You left something in your cart" }, { id: "cart-2", name: "Cart reminder (next day)", subject: "Still thinking it over?" }],
    },
    { id: "cart-sms", kind: "flow", channel: "sms", name: "Abandoned cart (SMS)", folder: "Lifecycle flows", templates: [{ id: "cart-sms", name: "Cart text" }] },
  ];
}

/** Tuesdays at 10:00 local in [from, now): the newsletter's issues. */
export function newsletterIssues(from: Date, now: Date, timeZone: string): Date[] {
  const issues: Date[] = [];
  for (let day = localDate(from, timeZone); startOfLocalDay(day, timeZone) < now; day = addDays(day, 1)) {
    if (new Date(`${day}T00:00:00Z`).getUTCDay() !== 2) continue;
    const at = new Date(startOfLocalDay(day, timeZone).getTime() + 10 * HOUR);
    if (at >= from && at < now) issues.push(at);
  }
  return issues;
}

const LINKS = ["/", "/products/alpha-pro", "/collections/accessories"];

export function planProgram(input: TProgramInput): TProgramPlan {
  const { seed, now, timeZone } = input;
  const issues = newsletterIssues(input.from, now, timeZone);
  const plan: TProgramPlan = { campaigns: campaignsOf(issues, timeZone), sends: [], opens: [], clicks: [], landings: [], unsubscribes: [], blocked: [] };
  const templateOf: Record<TTemplateKey, (at: Date) => string> = {
    issue: (at) => `issue-${localDate(at, timeZone)}`,
    "welcome-1": () => "welcome-1", "welcome-2": () => "welcome-2", "welcome-sms": () => "welcome-sms",
    "cart-1": () => "cart-1", "cart-2": () => "cart-2", "cart-sms": () => "cart-sms",
  };
  const campaignOf: Record<TTemplateKey, TCampaignKey> = {
    issue: "newsletter", "welcome-1": "welcome", "welcome-2": "welcome", "welcome-sms": "welcome-sms", "cart-1": "cart", "cart-2": "cart", "cart-sms": "cart-sms",
  };
  const taken = new Set<string>();
  const addSend = (key: TTemplateKey, id: string, at: Date, root: number | null, email: string, u: () => number, delivered = false): TPlannedSend | null => {
    if (at >= now || at < input.from || taken.has(id)) return null;
    taken.add(id);
    const channel = plan.campaigns.find((c) => c.id === campaignOf[key])!.channel;
    const failed = !delivered && u() < RATES.failed;
    const send: TPlannedSend = {
      id, campaign: campaignOf[key], template: templateOf[key](at), channel, sentAt: at, customerId: customerId(root), email,
      status: failed ? "failed" : "delivered",
      ...(failed ? { providerCode: channel === "sms" ? SMS_FAILURES[Math.floor(u() * SMS_FAILURES.length)]! : BOUNCES[Math.floor(u() * BOUNCES.length)]! } : {}),
      ...(channel === "sms" ? { segments: 1 + Math.floor(u() * 2) } : {}),
    };
    plan.sends.push(send);
    return send;
  };
  const linkUrl = (path: string, utm: URLSearchParams | null) => `${DEMO_STOREFRONT_URL}${path}${utm ? `?${utm}` : ""}`;
  let clickSerial = 0;
  const clickIdOf = () => `demo${hash32(seed, clickSerial, STREAM.visitor).toString(36)}${(clickSerial++).toString(36)}`;

  // 1. The converting purchases, first, so their sends are the ones they clicked or opened.
  for (const purchase of input.purchases) {
    const u = sequence(hash32(seed, Number(BigInt(purchase.orderId) % 2_000_000_000n), STREAM.purchase));
    const landing = purchase.landingPage ? new URL(purchase.landingPage) : null;
    const fromEmail = landing?.searchParams.get("utm_source") === "email";
    const email = purchase.root === null ? `subscriber-${purchase.orderId}@example.com` : demoCustomerEmail(purchase.root);
    const start = purchase.sessionStartedAt.getTime();
    if (fromEmail) {
      const clickAt = new Date(start - 20_000);
      const issue = [...issues].reverse().find((at) => at.getTime() < clickAt.getTime() - 10 * MIN);
      const viaSms = purchase.root !== null && !issue && u() < 0.25;
      const key: TTemplateKey = landing!.searchParams.get("utm_campaign") === "newsletter" && issue ? "issue" : viaSms ? "cart-sms" : "cart-1";
      const sentAt = key === "issue" ? issue! : new Date(clickAt.getTime() - (40 + 140 * u()) * MIN);
      const send = addSend(key, `demo-${key}-o${purchase.orderId}`, sentAt, purchase.root, email, u, true);
      if (!send) continue;
      if (send.channel === "email" && u() < 0.8) plan.opens.push({ sendId: send.id, at: new Date(clickAt.getTime() - (10 + 50 * u()) * 1000), ipPrefix: null, machine: null });
      // The sender's own UTM tags stay on the link (the redirect adds utm_content and the click id).
      const utm = new URLSearchParams({ utm_source: "email", utm_medium: landing!.searchParams.get("utm_medium") ?? "email", utm_campaign: landing!.searchParams.get("utm_campaign") ?? "newsletter" });
      const url = linkUrl(landing!.pathname, utm);
      const clickId = clickIdOf();
      plan.clicks.push({ sendId: send.id, at: clickAt, url, clickId, visitorId: purchase.visitorId, ipPrefix: null, machine: null });
      plan.landings.push({ clickId, visitorId: purchase.visitorId, at: new Date(clickAt.getTime() + 1_000), pageUrl: url });
    } else if (purchase.root !== null && u() < RATES.openConversion) {
      const openAt = new Date(start - (1 + 10 * u()) * HOUR);
      const send = addSend("cart-1", `demo-cart-1-o${purchase.orderId}`, new Date(openAt.getTime() - (20 + 100 * u()) * MIN), purchase.root, email, u, true);
      if (send) plan.opens.push({ sendId: send.id, at: openAt, ipPrefix: null, machine: null });
    }
  }

  // 2. The rest of the program, engaged with at the usual rates.
  const engage = (send: TPlannedSend | null, u: () => number) => {
    if (!send || send.status === "failed") return;
    const at = send.sentAt.getTime();
    const interactions: TInteraction[] = [];
    const opens: TPlannedOpen[] = [];
    const clicks: TPlannedClick[] = [];
    const r = u();
    if (send.channel === "email" && r < RATES.mpp) {
      // Apple's proxy fetches the pixel from its own network seconds after delivery.
      opens.push({ sendId: send.id, at: new Date(at + (1 + 5 * u()) * 1000), ipPrefix: `17.58.${Math.floor(u() * 250)}.0/24`, machine: null });
    }
    if (u() < RATES.scanner) {
      // A security gateway follows every link as the message arrives.
      const first = at + (2 + 3 * u()) * 1000;
      for (const [k, path] of LINKS.entries()) {
        clicks.push({ sendId: send.id, at: new Date(first + k * 300), url: linkUrl(path, null), clickId: clickIdOf(), visitorId: null, ipPrefix: `40.107.${Math.floor(u() * 250)}.0/24`, machine: null });
      }
    }
    const opened = send.channel === "email" && u() < RATES.open;
    const openAt = new Date(at + Math.min(36 * HOUR, (5 + 600 * u() * u()) * MIN));
    if (opened) opens.push({ sendId: send.id, at: openAt, ipPrefix: null, machine: null });
    if ((opened && u() < RATES.click / RATES.open) || (send.channel === "sms" && u() < RATES.smsClick)) {
      const clickAt = new Date((opened ? openAt.getTime() : at + (2 + 90 * u()) * MIN) + (15 + 60 * u()) * 1000);
      const visitorId = demoVisitorId(seed, send.id);
      const url = linkUrl(LINKS[Math.floor(u() * LINKS.length)]!, new URLSearchParams({ utm_source: send.channel, utm_medium: send.channel, utm_campaign: send.campaign }));
      const clickId = clickIdOf();
      clicks.push({ sendId: send.id, at: clickAt, url, clickId, visitorId, ipPrefix: null, machine: null });
      plan.landings.push({ clickId, visitorId, at: new Date(clickAt.getTime() + 1_200), pageUrl: url });
    }
    if (send.campaign === "newsletter" && opened && u() < RATES.unsubscribe / RATES.open) plan.unsubscribes.push({ sendId: send.id, at: new Date(openAt.getTime() + 40_000) });
    // The machine rule, as the redirect and pixel data would be judged.
    opens.forEach((o, k) => interactions.push({ id: `o${k}`, sendId: send.id, kind: "open", at: o.at, ip: o.ipPrefix }));
    clicks.forEach((c, k) => interactions.push({ id: `c${k}`, sendId: send.id, kind: "click", at: c.at, ip: c.ipPrefix, linkKey: c.url }));
    const flags = flagMachineInteractions(interactions, send.sentAt);
    opens.forEach((o, k) => plan.opens.push({ ...o, machine: flags.get(`o${k}`) ?? null }));
    clicks.forEach((c, k) => plan.clicks.push({ ...c, machine: flags.get(`c${k}`) ?? null }));
  };
  const drawFor = (key: string) => sequence(hash32(seed, [...key].reduce((h, ch) => Math.imul(h, 31) + ch.charCodeAt(0), 7) >>> 0, STREAM.send));

  for (const issue of issues) {
    const day = localDate(issue, timeZone);
    let listed = 0;
    for (const c of input.customers) {
      if (c.since >= issue) continue;
      const id = `demo-issue-${day}-${c.root}`;
      const u = drawFor(id);
      listed++;
      engage(addSend("issue", id, new Date(issue.getTime() + Math.floor(u() * 600) * 1000), c.root, demoCustomerEmail(c.root), u), u);
    }
    // A frequency cap holds back those who had a message in the last day.
    plan.blocked.push({ campaign: "newsletter", template: `issue-${day}`, reason: "frequency_cap", day, count: Math.round(listed * 0.02) });
  }
  for (const c of input.newCustomers) {
    const u = drawFor(`welcome-${c.root}`);
    const email = demoCustomerEmail(c.root);
    engage(addSend("welcome-1", `demo-welcome-1-${c.root}`, new Date(c.since.getTime() + 15 * MIN), c.root, email, u), u);
    engage(addSend("welcome-2", `demo-welcome-2-${c.root}`, new Date(c.since.getTime() + 3 * DAY), c.root, email, u), u);
    if (u() < 0.5) engage(addSend("welcome-sms", `demo-welcome-sms-${c.root}`, new Date(c.since.getTime() + DAY), c.root, email, u), u);
  }
  // Carts left by known customers: a few a day, a reminder an hour later and, for half, the next day.
  const days = Math.ceil((now.getTime() - input.from.getTime()) / DAY);
  for (let d = 0; d < days && input.customers.length > 0; d++) {
    for (let k = 0; k < RATES.cartPerDay; k++) {
      const u = sequence(hash32(seed, d * 16 + k, STREAM.cart));
      const c = input.customers[Math.floor(u() * input.customers.length)]!;
      const leftAt = input.from.getTime() + (d + u()) * DAY;
      const email = demoCustomerEmail(c.root);
      engage(addSend("cart-1", `demo-cart-1-${d}-${k}`, new Date(leftAt + HOUR), c.root, email, u), u);
      if (u() < 0.5) engage(addSend("cart-2", `demo-cart-2-${d}-${k}`, new Date(leftAt + 24 * HOUR), c.root, email, u), u);
      if (u() < 0.3) engage(addSend("cart-sms", `demo-cart-sms-${d}-${k}`, new Date(leftAt + 2 * HOUR), c.root, email, u), u);
    }
    const day = localDate(new Date(input.from.getTime() + d * DAY), timeZone);
    // Texts are held back at night (quiet hours) and for numbers that cannot take them.
    plan.blocked.push({ campaign: "cart-sms", template: "cart-sms", reason: "quiet_hours", day, count: 1 + (hash32(seed, d, STREAM.cart) % 3) });
    if (d % 4 === 0) plan.blocked.push({ campaign: "welcome-sms", template: "welcome-sms", reason: "bad_address", day, count: 1 });
  }
  // The demo holds what has happened by `now`: a send made an hour ago may be opened tonight, and
  // that open (its click, landing, unsubscribe) is not seeded. The event API also refuses a page
  // view more than an hour ahead of its clock.
  const happened = <T extends { at: Date }>(rows: T[]) => rows.filter((row) => row.at < now);
  return { ...plan, opens: happened(plan.opens), clicks: happened(plan.clicks), landings: happened(plan.landings), unsubscribes: happened(plan.unsubscribes) };
}

/** A visitor id that looks like the snippet's (a UUID), for the person who clicked a send. */
export function demoVisitorId(seed: number, key: string): string {
  const base = [...key].reduce((h, ch) => (Math.imul(h, 33) ^ ch.charCodeAt(0)) >>> 0, 5381);
  const hex = [0, 1, 2, 3].map((k) => hash32(seed, base, 40 + k).toString(16).padStart(8, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-b${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
