// Shopify's cost-based rate limit as a throttle strategy of the shared HTTP client. Every GraphQL
// answer reports the shop's leaky bucket (extensions.cost.throttleStatus) and what the query
// asked for; from the last report we estimate the bucket now and hold a call until it should be
// able to pay for what the same operation asked last time. A THROTTLED answer or an HTTP 429 is
// then waited out on its own count (the client's classify names the wait), not as a failure.

import type { ThrottleStrategy } from "../common/http";
import type { CostExtension, GraphQLResponse } from "./shapes";

type Bucket = { available: number; maximum: number; restoreRate: number; at: number };

export type CostThrottle = {
  /** The strategy for one call of the operation `name` (its cost is remembered per operation). */
  forOperation(name: string): ThrottleStrategy;
};

/** The cost extension of a parsed GraphQL answer, if it carries one. */
export function costOf(body: unknown): CostExtension | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  return (body as GraphQLResponse<unknown>).extensions?.cost;
}

/** Time for the bucket to refill what the throttled query asked for (at least 250 ms). */
export function throttleWaitMs(cost: CostExtension | undefined): number | null {
  if (!cost || cost.throttleStatus.restoreRate <= 0) return null;
  const deficit = cost.requestedQueryCost - cost.throttleStatus.currentlyAvailable;
  return Math.max(Math.ceil((deficit / cost.throttleStatus.restoreRate) * 1000), 250);
}

/** One bucket per client (per shop and token); `maxWaits` rate-limited answers are waited out per call. */
export function createCostThrottle(options: { now: () => number; maxWaits: number }): CostThrottle {
  const { now, maxWaits } = options;
  // The bucket as last reported, and the last requested cost of each operation.
  let bucket: Bucket | null = null;
  const lastRequestedCost = new Map<string, number>();

  return {
    forOperation(name) {
      return {
        maxWaits,
        holdMs() {
          const wanted = lastRequestedCost.get(name);
          if (!bucket || wanted === undefined || bucket.restoreRate <= 0) return 0;
          const elapsedSeconds = Math.max(0, now() - bucket.at) / 1000;
          const available = Math.min(bucket.maximum, bucket.available + elapsedSeconds * bucket.restoreRate);
          return wanted > available ? Math.ceil(((wanted - available) / bucket.restoreRate) * 1000) : 0;
        },
        observe({ body }) {
          const cost = costOf(body);
          if (!cost) return;
          const { currentlyAvailable, maximumAvailable, restoreRate } = cost.throttleStatus;
          bucket = { available: currentlyAvailable, maximum: maximumAvailable, restoreRate, at: now() };
          lastRequestedCost.set(name, cost.requestedQueryCost);
        },
        refilled() {
          // Whatever the clock says (tests and the demo never really sleep), a finished wait means
          // the bucket holds what this operation asks.
          const wanted = lastRequestedCost.get(name);
          if (bucket && wanted !== undefined) bucket = { ...bucket, available: Math.max(bucket.available, wanted), at: now() };
        },
      };
    },
  };
}
