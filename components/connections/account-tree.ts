import type { ProviderAccount } from "@/lib/connectors/contracts/ad-source";
import { accountChoice } from "@/lib/connections/oauth/flow";

export type AccountNode = { account: ProviderAccount; choice: string; selectable: boolean; children: AccountNode[] };

const node = (account: ProviderAccount): AccountNode => ({ account, choice: accountChoice(account), selectable: !account.isManager, children: [] });

/**
 * Google Ads manager (MCC) accounts with the clients reached through them (their
 * login-customer-id) beneath; every other account stands alone. Managers have no campaigns of
 * their own, so only the accounts under them can be picked.
 */
export function accountTree(accounts: readonly ProviderAccount[]): AccountNode[] {
  const managers = new Map<string, AccountNode>();
  for (const account of accounts) {
    if (account.isManager && (!account.loginCustomerId || account.loginCustomerId === account.id)) managers.set(account.id, node(account));
  }
  const roots: AccountNode[] = [];
  for (const account of accounts) {
    if (managers.get(account.id)?.account === account) {
      roots.push(managers.get(account.id)!);
      continue;
    }
    const parent = account.loginCustomerId ? managers.get(account.loginCustomerId) : undefined;
    (parent ? parent.children : roots).push(node(account));
  }
  return roots;
}
