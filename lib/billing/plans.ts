import { AppError } from "@/lib/errors";

// The plan registry: every plan defined once, beside the metric registry's idea of "defined once".
// Names, limits and Stripe lookup keys live here and nowhere else. Prices are found in Stripe by
// lookup key (lib/billing/prices.ts), so test and live mode run the same code with their own Prices.

export type PlanLimits = {
  storeConnections: number;
  /** Ad, analytics and every other non-store connection. */
  otherConnections: number;
  /** Members and pending invitations together. */
  members: number;
  /** API keys not revoked. */
  apiKeys: number;
  /** How far back reports may look; older data is kept, only not shown. */
  historyDays: number;
  apiRequestsPerMonth: number;
  trackedEventsPerMonth: number;
  /** Digests and alert rules together. */
  digestsAndAlertRules: number;
  ownedChannelSendsTracked: number;
};

export type BillingInterval = "monthly" | "yearly";

export type Plan = {
  id: PlanId;
  name: string;
  /** Ordered from the smallest: an upgrade prompt names the first plan whose limit is higher. */
  rank: number;
  limits: PlanLimits;
  /** Stripe Price lookup keys; a plan without them cannot be bought (Free). */
  lookupKeys: Partial<Record<BillingInterval, string>>;
  /**
   * Usage priced through Stripe Billing Meters: the meter event name each metered count is
   * reported under (lib/billing/meters.ts). A plan without it reports nothing.
   */
  meterEvents?: Partial<Record<MeteredUsage, string>>;
  /**
   * What Shopify's Billing API charges an App Store install, in US cents per interval (Shopify
   * bills apps in USD). A plan without it cannot be bought through Shopify (Free).
   */
  shopifyPriceCents?: Partial<Record<BillingInterval, number>>;
};

/** What usage pricing can bill: counts that lib/billing/usage.ts reads from existing rows. */
export const METERED_USAGE = ["trackedEvents", "orders"] as const;
export type MeteredUsage = (typeof METERED_USAGE)[number];

export const PLAN_IDS = ["free", "growth", "scale"] as const;
export type PlanId = (typeof PLAN_IDS)[number];

export const PLANS: Readonly<Record<PlanId, Plan>> = {
  free: {
    id: "free",
    name: "Free",
    rank: 0,
    limits: {
      storeConnections: 1,
      otherConnections: 1,
      members: 2,
      apiKeys: 1,
      historyDays: 90,
      apiRequestsPerMonth: 1_000,
      trackedEventsPerMonth: 10_000,
      digestsAndAlertRules: 2,
      ownedChannelSendsTracked: 1_000,
    },
    lookupKeys: {},
  },
  growth: {
    id: "growth",
    name: "Growth",
    rank: 1,
    limits: {
      storeConnections: 3,
      otherConnections: 5,
      members: 10,
      apiKeys: 10,
      historyDays: 730,
      apiRequestsPerMonth: 100_000,
      trackedEventsPerMonth: 1_000_000,
      digestsAndAlertRules: 25,
      ownedChannelSendsTracked: 50_000,
    },
    lookupKeys: { monthly: "signalboard_growth_monthly", yearly: "signalboard_growth_yearly" },
    shopifyPriceCents: { monthly: 4_900, yearly: 49_000 },
  },
  scale: {
    id: "scale",
    name: "Scale",
    rank: 2,
    limits: {
      storeConnections: 10,
      otherConnections: 25,
      members: 50,
      apiKeys: 50,
      historyDays: 3_650,
      apiRequestsPerMonth: 1_000_000,
      trackedEventsPerMonth: 10_000_000,
      digestsAndAlertRules: 200,
      ownedChannelSendsTracked: 500_000,
    },
    lookupKeys: { monthly: "signalboard_scale_monthly", yearly: "signalboard_scale_yearly" },
    shopifyPriceCents: { monthly: 19_900, yearly: 199_000 },
    meterEvents: { trackedEvents: "signalboard_tracked_events", orders: "signalboard_orders" },
  },
};

/** The plan a new workspace tries, and for how long, without a card. */
export const TRIAL_PLAN: PlanId = "growth";
export const TRIAL_DAYS = 14;

/** Full access this long after a payment fails; read-only after that until paid. */
export const PAST_DUE_GRACE_DAYS = 7;

export const isPlanId = (value: unknown): value is PlanId => typeof value === "string" && (PLAN_IDS as readonly string[]).includes(value);

/** The plan of an id given by a person (CLI, API): an unknown id is a 400 naming the field. */
export function planById(id: unknown, field = "plan"): Plan {
  if (!isPlanId(id)) throw AppError.field(field, `No plan "${String(id).slice(0, 40)}". Plans: ${PLAN_IDS.join(", ")}.`);
  return PLANS[id];
}

/** The plan and interval a Stripe Price's lookup key stands for; null for a Price this registry does not know. */
export function planOfLookupKey(lookupKey: string | null | undefined): { plan: Plan; interval: BillingInterval } | null {
  if (!lookupKey) return null;
  for (const plan of Object.values(PLANS)) {
    for (const [interval, key] of Object.entries(plan.lookupKeys) as [BillingInterval, string][]) {
      if (key === lookupKey) return { plan, interval };
    }
  }
  return null;
}

/** How each limit is named to people (pages, upgrade prompts). */
export const LIMIT_LABELS: Readonly<Record<keyof PlanLimits, string>> = {
  storeConnections: "Store connections",
  otherConnections: "Ad and other connections",
  members: "Members",
  apiKeys: "API keys",
  historyDays: "History shown (days)",
  apiRequestsPerMonth: "API requests per month",
  trackedEventsPerMonth: "Tracked events per month",
  digestsAndAlertRules: "Digests and alert rules",
  ownedChannelSendsTracked: "Owned-channel sends tracked",
};
