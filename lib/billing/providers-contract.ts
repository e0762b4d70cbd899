import type { BillingProvider } from "@/lib/db/generated/client";
import type { BillingView } from "./state";

// What every plan provider (lib/billing/providers.ts) offers the billing page and the CLI.

export type BillableWorkspace = { id: string; slug: string; name: string };

export interface PlanProvider {
  readonly id: Exclude<BillingProvider, "none">;
  /** How the billing page names it ("Billed through …"). */
  readonly label: string;
  /** The plan and state the workspace has now. */
  current(workspaceId: string, now?: Date): Promise<BillingView>;
  /** Where to send an owner to subscribe to a plan; the URL of the provider's confirmation page. */
  startUpgrade(workspace: BillableWorkspace, input: { plan: unknown; interval: unknown }): Promise<string>;
  /** Where an owner manages the subscription (payment method, cancel); null when that is done elsewhere (Shopify's admin). */
  manageLink(workspace: BillableWorkspace): Promise<string | null>;
}
