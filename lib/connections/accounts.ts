import { z } from "zod";
import { saveAdConnection } from "@/lib/connections/credentials";
import { PROVIDERS, adProvider } from "@/lib/connectors/registry";
import { startAdBackfill } from "@/lib/ads/backfill";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import type { AdProvider, OAuthTokens, ProviderAccount } from "@/lib/connectors/contracts/ad-source";
import { accountChoice, type PendingSelection } from "./oauth/flow";

// What happens once a platform has handed us tokens: a picked account becomes a connection (its
// history starts loading), or a reconnect renews an existing connection's tokens in place.

const ZChoice = z.object({
  account: z
    .string({ error: "Choose an account to connect." })
    .min(1, "Choose an account to connect.")
    .max(300, "Choose an account from the list.")
    .regex(/^[^|]+\|[^|]*$/, "Choose an account from the list."),
});

/** The accounts the signed-in platform user can see, as the platform lists them. */
export async function accountsForPending(pending: PendingSelection): Promise<ProviderAccount[]> {
  return (await adProvider(pending.provider)).listAccounts(pending.tokens);
}

/**
 * Connects the picked account: the account is looked up again at the platform (never taken from
 * the form), saved with its sealed tokens, and its backfill requested.
 */
export async function connectPickedAccount(workspaceId: string, pending: PendingSelection, input: unknown): Promise<{ id: string; created: boolean }> {
  if (pending.workspaceId !== workspaceId) throw new AppError("not_found", "This sign-in belongs to another workspace.");
  const { account: choice } = parseInput(ZChoice, input);
  const account = (await accountsForPending(pending)).find((a) => accountChoice(a) === choice);
  if (!account) throw AppError.field("account", "That account is not among the ones this sign-in can see. Choose one from the list.");
  const before = await db.connection.findUnique({
    where: { workspaceId_provider_externalAccountId: { workspaceId, provider: pending.provider, externalAccountId: account.id } },
    select: { status: true },
  });
  const saved = await saveAdConnection(workspaceId, { provider: pending.provider, account, tokens: pending.tokens });
  // A connection that was stopped may have missed days: it loads its history again, idempotently.
  if (!before || before.status === "disconnected") await startAdBackfill({ workspaceId, connectionId: saved.id });
  return saved;
}

/**
 * Replaces a connection's tokens after the user signed in again, and clears what the lost
 * authorisation left behind (needs_reauth, the error, the alert), resuming its schedule at once.
 * The sign-in must still see the connection's account: another user's login would only fail again
 * at the next sync.
 */
export async function reconnectWithTokens(scope: { workspaceId: string; connectionId: string }, provider: AdProvider, tokens: OAuthTokens): Promise<void> {
  const connection = await db.connection.findFirst({ where: { workspaceId: scope.workspaceId, id: scope.connectionId } });
  const { label } = PROVIDERS[provider];
  if (!connection || connection.provider !== provider) throw new AppError("not_found", `This ${label} connection no longer exists.`);
  const visible = (await (await adProvider(provider)).listAccounts(tokens)).find((a) => a.id === connection.externalAccountId);
  if (!visible) {
    throw new AppError(
      "bad_request",
      `The ${label} user you signed in with cannot see "${connection.displayName}" (${connection.externalAccountId}), so nothing was changed. Reconnect with a user who has access to it.`,
    );
  }
  const account = { ...visible, currency: visible.currency ?? connection.currency, timeZone: visible.timeZone ?? connection.timeZone };
  await saveAdConnection(scope.workspaceId, { provider, account, tokens });
  await db.connection.update({
    where: { workspaceId_id: { workspaceId: scope.workspaceId, id: scope.connectionId } },
    data: { nextSyncAt: new Date() },
  });
}
