import { z } from "zod";

// The process-stripe-event job's payload: the event's id (its references are in its receipt) and
// the customer it is about, so one customer's events are applied one at a time.

export const ZStripeEventJob = z.object({
  eventId: z.string().min(1),
  customerKey: z.string().min(1),
});

export type StripeEventJobPayload = z.infer<typeof ZStripeEventJob>;
