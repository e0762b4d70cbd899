// Why an order needs a look. The rules themselves are SQL (detect.ts); these are their names and
// the words the list, the API and the page show for them.

export const EXCEPTION_REASONS = [
  "cancelled",
  "payment_failed",
  "payment_pending",
  "high_risk",
  "refunded_within_24h",
  "zero_total",
  "total_mismatch",
] as const;

export type ExceptionReason = (typeof EXCEPTION_REASONS)[number];

export const REASON_LABELS: Record<ExceptionReason, string> = {
  cancelled: "Cancelled",
  payment_failed: "Payment failed",
  payment_pending: "Payment pending over 24 h",
  high_risk: "High fraud risk",
  refunded_within_24h: "Refunded in full within 24 h",
  zero_total: "Zero total with items",
  total_mismatch: "Total differs from its lines",
};

export const REASON_DESCRIPTIONS: Record<ExceptionReason, string> = {
  cancelled: "The store cancelled the order.",
  payment_failed: "The payment failed, expired or was voided, so nothing was captured.",
  payment_pending: "The payment was still pending or only authorised 24 hours after the order was placed.",
  high_risk: "The store's fraud analysis rated the order high risk.",
  refunded_within_24h: "Refunds within 24 hours of the order add up to its whole total.",
  zero_total: "The order has items but totals zero.",
  total_mismatch: "The total is more than 1 currency unit and more than 1 % away from its lines minus discounts plus shipping and tax.",
};

export const isExceptionReason = (value: string): value is ExceptionReason => (EXCEPTION_REASONS as readonly string[]).includes(value);
