import type { ActionState } from "@/lib/actions";
import { ChoiceForm } from "./choice-form";

export const REVENUE_BASES = [
  {
    value: "transaction_date",
    label: "Transaction date",
    description: "A refund counts as a return on the day it was issued, as Shopify's own reports do. Past days never change after a refund.",
  },
  {
    value: "order_date",
    label: "Order date",
    description: "A refund counts against the day of the original order, so each day shows what its orders finally earned. Past days change when refunds arrive.",
  },
] as const;

export function RevenueBasisForm({ slug, current, action, readOnly }: {
  slug: string;
  current: string;
  action: (prev: ActionState, form: FormData) => Promise<ActionState>;
  readOnly: boolean;
}) {
  return <ChoiceForm slug={slug} name="revenueBasis" title="Revenue basis" choices={REVENUE_BASES} current={current} action={action} readOnly={readOnly} />;
}
