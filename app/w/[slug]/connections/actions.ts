"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { runAction, type ActionState } from "@/lib/actions";
import { META_ATTRIBUTION_CHOICES, setMetaAttributionWindow } from "@/lib/connections/attribution";
import { normalizeShopDomain } from "@/lib/connectors/shopify/oauth/shop";
import { AppError } from "@/lib/errors";
import { connectApiKeyProvider } from "@/lib/connections/api-key";
import { connectKeyPairStore } from "@/lib/connections/key-pair";
import { createShopLinkCode } from "@/lib/embedded/link";
import { connectCrm } from "@/lib/crm/connect";
import { connectDemoStore, disconnect, getConnection, updateConnectionSettings } from "@/lib/connections/service";
import { requestSync } from "@/lib/sync/dispatch";
import { startInitialSync } from "@/lib/sync/schedule";
import { requireWorkspaceAction } from "@/lib/tenancy/server";
import { addDays, startOfLocalDay } from "@/lib/time/zone";
import { formToObject, parseInput } from "@/lib/validation";

const path = (slug: string) => `/w/${slug}/connections`;

/** Checks the shop domain here, so a typo gets a field message, then hands over to Shopify's consent screen. */
export async function connectShopifyAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { workspace } = await requireWorkspaceAction(form.get("slug"), "connections.manage");
    const shop = normalizeShopDomain(form.get("shop"));
    redirect(`/api/connect/shopify?workspace=${encodeURIComponent(workspace.slug)}&shop=${encodeURIComponent(shop)}`);
  });
}

/** A single-use code for the Shopify admin's install of the app to open this workspace; shown once. */
export async function makeShopLinkCodeAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const context = await requireWorkspaceAction(form.get("slug"), "connections.manage");
    const { code, expiresAt } = await createShopLinkCode(context);
    const until = new Intl.DateTimeFormat("en", { timeStyle: "short", timeZone: context.workspace.timeZone }).format(expiresAt);
    return { ok: true, message: `It works once, until ${until}.`, data: { code } };
  });
}

export async function connectDemoAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { slug, ...input } = formToObject(form);
    const { workspace } = await requireWorkspaceAction(slug, "connections.manage");
    const connection = await connectDemoStore(workspace.id, input);
    await startInitialSync({ workspaceId: workspace.id, connectionId: connection.id });
    revalidatePath(path(workspace.slug));
    return { ok: true, message: "Demo store connected. Its full history is loading now." };
  });
}

/** A store connected by its address and a pasted key pair (WooCommerce): checked against the store, then its history loads. */
export async function connectKeyPairAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { slug, provider, ...input } = formToObject(form);
    const { workspace } = await requireWorkspaceAction(slug, "connections.manage");
    const connection = await connectKeyPairStore(workspace.id, String(provider ?? ""), input);
    await startInitialSync({ workspaceId: workspace.id, connectionId: connection.id });
    revalidatePath(path(workspace.slug));
    return { ok: true, message: "Store connected. Its full history is loading now." };
  });
}

/** A messaging platform connected by a pasted private API key (Klaviyo): checked against the platform, then its history loads. */
export async function connectApiKeyAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { slug, provider, ...input } = formToObject(form);
    const { workspace } = await requireWorkspaceAction(slug, "connections.manage");
    const connection = await connectApiKeyProvider(workspace.id, String(provider ?? ""), input);
    await startInitialSync({ workspaceId: workspace.id, connectionId: connection.id });
    revalidatePath(path(workspace.slug));
    return { ok: true, message: "Account connected. Its campaigns, flows and the last year of sends are loading now." };
  });
}

/** A CRM connected by one pasted secret (HubSpot's private app token): checked against the CRM, then every deal loads. */
export async function connectCrmAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { slug, provider, ...input } = formToObject(form);
    const { workspace } = await requireWorkspaceAction(slug, "connections.manage");
    const connection = await connectCrm(workspace.id, String(provider ?? ""), input);
    await startInitialSync({ workspaceId: workspace.id, connectionId: connection.id });
    revalidatePath(path(workspace.slug));
    return { ok: true, message: "CRM connected. Its pipelines and deals are loading now." };
  });
}

async function connectionFromForm(form: FormData) {
  const context = await requireWorkspaceAction(form.get("slug"), "connections.manage");
  const scope = { workspaceId: context.workspace.id, connectionId: String(form.get("connectionId") ?? "") };
  await getConnection(scope);
  return { context, scope };
}

export async function syncNowAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { context, scope } = await connectionFromForm(form);
    const { reused } = await requestSync(scope, "incremental");
    revalidatePath(path(context.workspace.slug));
    return { ok: true, message: reused ? "A sync is already running." : "Sync started." };
  });
}

const ZDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-01-31.");
const ZRange = z
  .object({ from: ZDate, to: ZDate })
  .refine((r) => r.from <= r.to, { message: "The start must be on or before the end.", path: ["to"] });

export async function resyncRangeAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { context, scope } = await connectionFromForm(form);
    const { from, to } = parseInput(ZRange, formToObject(form));
    // The dates are days in the workspace's reporting time zone.
    const tz = context.workspace.timeZone;
    await requestSync(scope, "manual", { from: startOfLocalDay(from, tz), to: startOfLocalDay(addDays(to, 1), tz) });
    revalidatePath(path(context.workspace.slug));
    return { ok: true, message: `Re-syncing orders from ${from} to ${to}.` };
  });
}

export async function disconnectAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { context, scope } = await connectionFromForm(form);
    const choice = form.get("data");
    if (choice !== "keep" && choice !== "delete") throw AppError.field("data", "Choose whether to keep or delete the synced data.");
    await disconnect(scope, { deleteData: choice === "delete" });
    revalidatePath(path(context.workspace.slug));
    return { ok: true, message: choice === "delete" ? "Disconnected, and its data deleted." : "Disconnected. Its data stays in your reports." };
  });
}

export async function connectionSettingsAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { context, scope } = await connectionFromForm(form);
    const settings = await updateConnectionSettings(scope, formToObject(form));
    revalidatePath(`${path(context.workspace.slug)}/${scope.connectionId}`);
    return { ok: true, message: `Each day at ${String(settings.restatementHour).padStart(2, "0")}:00 store time, the last ${settings.restatementDays} days are re-pulled.` };
  });
}

export async function attributionWindowAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { context, scope } = await connectionFromForm(form);
    const { choice } = await setMetaAttributionWindow(scope, formToObject(form));
    revalidatePath(`${path(context.workspace.slug)}/${scope.connectionId}`);
    return { ok: true, message: `Attribution set to ${META_ATTRIBUTION_CHOICES[choice].toLowerCase()}; re-pulling Meta's history with it.` };
  });
}
