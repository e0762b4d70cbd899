import { describe, expect, it, vi } from "vitest";
import { accountTree } from "@/components/connections/account-tree";
import { startAdBackfill } from "@/lib/ads/backfill";
import { accountsForPending, connectPickedAccount } from "@/lib/connections/accounts";
import type { OAuthTokens } from "@/lib/connectors/contracts/ad-source";
import { accountChoice, type PendingSelection } from "@/lib/connections/oauth/flow";
import { openJson } from "@/lib/crypto/secrets";
import { db } from "@/lib/db/client";
import { updateConnectionSettings } from "@/lib/connections/service";
import { expectAppError } from "../helpers";
import { adminWorkspace, connectionsOf, servePlatforms } from "./support";

vi.mock("@/lib/auth", () => ({ auth: async () => null }));
vi.mock("@/lib/ads/backfill", () => ({ startAdBackfill: vi.fn(async () => ({ runId: "run", reused: false })) }));

servePlatforms(() => vi.mocked(startAdBackfill).mockClear());

const META_TOKEN = "EAAB-long-lived-picked-token-5e1f";
const GOOGLE_REFRESH = "1//0gL-picked-refresh-token";

function pendingFor(workspaceId: string, provider: PendingSelection["provider"], tokens: OAuthTokens): PendingSelection {
  return { nonce: "n", provider, workspaceId, userId: "u", tokens, expiresAt: Math.floor(Date.now() / 1000) + 600 };
}

const metaTokens: OAuthTokens = { accessToken: META_TOKEN, refreshToken: null, expiresAt: new Date(Date.now() + 59 * 86_400_000).toISOString(), refreshExpiresAt: null, scopes: ["ads_read", "read_insights"] };
const googleTokens: OAuthTokens = { accessToken: "ya29.picked-access", refreshToken: GOOGLE_REFRESH, expiresAt: new Date(Date.now() + 3_000_000).toISOString(), scopes: ["https://www.googleapis.com/auth/adwords"] };

describe("picking an account", () => {
  it("creates the connection with the account's currency and time zone, tokens sealed, and starts its backfill", async () => {
    const { workspace } = await adminWorkspace();
    const saved = await connectPickedAccount(workspace.id, pendingFor(workspace.id, "meta_ads", metaTokens), { account: "act_1029384756|" });
    expect(saved.created).toBe(true);
    const [row] = await connectionsOf(workspace.id);
    expect(row).toMatchObject({ id: saved.id, provider: "meta_ads", externalAccountId: "act_1029384756", displayName: "Acme Store", currency: "USD", timeZone: "America/Los_Angeles", status: "active" });
    expect(row!.credentials).not.toContain(META_TOKEN);
    expect(openJson<{ tokens: OAuthTokens }>(row!.credentials).tokens.accessToken).toBe(META_TOKEN);
    expect(vi.mocked(startAdBackfill)).toHaveBeenCalledExactlyOnceWith({ workspaceId: workspace.id, connectionId: saved.id });
  });

  it("renews tokens of an account already connected without a second connection or backfill", async () => {
    const { workspace } = await adminWorkspace();
    const pending = pendingFor(workspace.id, "meta_ads", metaTokens);
    await connectPickedAccount(workspace.id, pending, { account: "act_1029384756|" });
    const again = await connectPickedAccount(workspace.id, { ...pending, tokens: { ...metaTokens, accessToken: "EAAB-newer" } }, { account: "act_1029384756|" });
    expect(again.created).toBe(false);
    const rows = await connectionsOf(workspace.id);
    expect(rows).toHaveLength(1);
    expect(openJson<{ tokens: OAuthTokens }>(rows[0]!.credentials).tokens.accessToken).toBe("EAAB-newer");
    expect(vi.mocked(startAdBackfill)).toHaveBeenCalledTimes(1);
  });

  it("lists Google Ads managers above their clients, and a manager cannot be picked", async () => {
    const { workspace } = await adminWorkspace();
    const pending = pendingFor(workspace.id, "google_ads", googleTokens);
    const tree = accountTree(await accountsForPending(pending));
    const shape = tree.map((n) => ({ name: n.account.name, selectable: n.selectable, children: n.children.map((c) => [c.account.name, c.selectable]) }));
    expect(shape).toEqual([
      { name: "Acme Agency (MCC)", selectable: false, children: [["Acme US", true], ["Acme CA", true]] },
      { name: "Side Project", selectable: true, children: [] },
    ]);

    const manager = await expectAppError(connectPickedAccount(workspace.id, pending, { account: "1112223333|" }), "bad_request");
    expect(manager.fields).toHaveProperty("account");
    const client = tree[0]!.children[1]!;
    expect(client.choice).toBe("5556667777|1112223333");
    const saved = await connectPickedAccount(workspace.id, pending, { account: client.choice });
    const row = await db.connection.findFirstOrThrow({ where: { workspaceId: workspace.id, id: saved.id } });
    expect(row).toMatchObject({ provider: "google_ads", externalAccountId: "5556667777", currency: "CAD", timeZone: "America/Toronto" });
    expect(row.settings).toMatchObject({ loginCustomerId: "1112223333" });
    expect(row.credentials).not.toContain(GOOGLE_REFRESH);
    // Changing the restatement schedule keeps the manager the account is reached through.
    await updateConnectionSettings({ workspaceId: workspace.id, connectionId: saved.id }, { restatementDays: "5", restatementHour: "3" });
    const after = await db.connection.findFirstOrThrow({ where: { workspaceId: workspace.id, id: saved.id } });
    expect(after.settings).toMatchObject({ loginCustomerId: "1112223333", restatementDays: 5, restatementHour: 3 });
  });

  it("refuses an account the sign-in cannot see, an empty choice, and another workspace's sign-in", async () => {
    const { workspace } = await adminWorkspace();
    const other = await adminWorkspace();
    const pending = pendingFor(workspace.id, "meta_ads", metaTokens);
    expect((await expectAppError(connectPickedAccount(workspace.id, pending, { account: "999|" }), "bad_request")).fields).toHaveProperty("account");
    expect((await expectAppError(connectPickedAccount(workspace.id, pending, {}), "bad_request")).fields).toHaveProperty("account");
    await expectAppError(connectPickedAccount(other.workspace.id, pending, { account: "act_1029384756|" }), "not_found");
    expect(await connectionsOf(workspace.id)).toEqual([]);
    expect(await connectionsOf(other.workspace.id)).toEqual([]);
  });
});

describe("accountTree", () => {
  it("keeps accounts whose manager is not listed pickable at the top", () => {
    const tree = accountTree([{ id: "1", name: "Orphan", currency: "USD", timeZone: "UTC", loginCustomerId: "9" }]);
    expect(tree.map((n) => [n.account.name, n.selectable, n.choice])).toEqual([["Orphan", true, accountChoice({ id: "1", loginCustomerId: "9" })]]);
  });
});
