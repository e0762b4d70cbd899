import { MODEL_LABELS } from "@/lib/attribution/labels";
import { getAttributionSettings } from "@/lib/attribution/settings";
import { maskEmail } from "@/lib/customers/email";
import { listMembers } from "@/lib/members/service";
import { effectiveSessionsSource, getMetricSettings } from "@/lib/metrics/settings/store";
import { can, ROLE_LABELS, type Role } from "@/lib/tenancy/roles";
import type { EmbeddedContext } from "./guard";

// The embedded app's settings view, read only: the shop's time zone and currency (set from the
// shop at install), the attribution and metric settings the standalone app manages, and the
// members. Admins see members' addresses; others a mask, as on the customer list.

export type EmbeddedSettings = {
  shop: string;
  role: Role;
  workspace: { name: string; timeZone: string; currency: string };
  attribution: { defaultModel: string; defaultModelLabel: string; defaultWindowDays: number; halfLifeDays: number; positionBased: { first: number; last: number } };
  metrics: {
    revenueBasis: "order_date" | "transaction_date";
    excludedLineItems: { field: "title" | "sku"; value: string }[];
    sessionsSource: "ga4" | "tracking" | null;
    sessionsSourceNow: "ga4" | "tracking";
  };
  members: { name: string | null; email: string; role: Role; roleLabel: string; you: boolean }[];
  mayManage: boolean;
};

export async function embeddedSettings(context: EmbeddedContext): Promise<EmbeddedSettings> {
  const workspaceId = context.workspace.id;
  const [attribution, metrics, sessionsNow, members] = await Promise.all([
    getAttributionSettings(workspaceId),
    getMetricSettings(workspaceId),
    effectiveSessionsSource(workspaceId),
    listMembers(workspaceId),
  ]);
  const revealEmails = can(context.role, "members.manage");
  return {
    shop: context.shop,
    role: context.role,
    workspace: { name: context.workspace.name, timeZone: context.workspace.timeZone, currency: context.workspace.currency },
    attribution: {
      defaultModel: attribution.defaultModel,
      defaultModelLabel: MODEL_LABELS[attribution.defaultModel],
      defaultWindowDays: attribution.defaultWindow,
      halfLifeDays: attribution.model.halfLifeDays,
      positionBased: attribution.model.positionBased,
    },
    metrics: { ...metrics, sessionsSourceNow: sessionsNow },
    members: members.map((m) => ({
      name: m.name,
      email: revealEmails || m.userId === context.userId ? m.email : maskEmail(m.email),
      role: m.role,
      roleLabel: ROLE_LABELS[m.role],
      you: m.userId === context.userId,
    })),
    mayManage: can(context.role, "settings.manage"),
  };
}
