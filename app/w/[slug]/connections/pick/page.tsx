import type { Metadata } from "next";
import { cookies } from "next/headers";
import Link from "next/link";
import { AccountPicker } from "@/components/connections/account-picker";
import { accountTree } from "@/components/connections/account-tree";
import { Card, PageHeader } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { PROVIDERS } from "@/lib/connectors/registry";
import type { ProviderAccount } from "@/lib/connectors/contracts/ad-source";
import { accountsForPending } from "@/lib/connections/accounts";
import { isConnectorError } from "@/lib/connectors/common/errors";
import { openPending, PENDING_COOKIE } from "@/lib/connections/oauth/flow";
import { actorUserId } from "@/lib/tenancy/guard";
import { requireWorkspacePage } from "@/lib/tenancy/server";
import { connectAccountAction } from "./actions";

export const metadata: Metadata = { title: "Choose an account" };
export const dynamic = "force-dynamic";

export default async function PickAccountPage({ params }: { params: Promise<{ slug: string }> }) {
  const context = await requireWorkspacePage((await params).slug, "connections.manage");
  const { workspace } = context;
  const back = (
    <Link href={`/w/${workspace.slug}/connections/new`} className="text-sm text-brand-600 hover:underline">
      ← Connect something else
    </Link>
  );
  const pending = openPending((await cookies()).get(PENDING_COOKIE)?.value);
  if (!pending || pending.workspaceId !== workspace.id || pending.userId !== actorUserId(context)) {
    return (
      <>
        <PageHeader title="Choose an account" actions={back} />
        <Notice tone="error">There is no sign-in waiting for an account to be chosen: it expired after 15 minutes, or was already used. Connect again to start over.</Notice>
      </>
    );
  }

  const { label } = PROVIDERS[pending.provider];
  let accounts: ProviderAccount[] = [];
  let problem: string | null = null;
  try {
    accounts = await accountsForPending(pending);
  } catch (error) {
    if (!isConnectorError(error)) throw error;
    problem = `${label} did not list your accounts: ${error.message}`;
  }

  return (
    <>
      <PageHeader title={`Choose a ${label} account`} description="Signalboard syncs one account per connection. Connect again to add another." actions={back} />
      <Card>
        {problem ? (
          <Notice tone="error">{problem}</Notice>
        ) : accounts.length === 0 ? (
          <Notice tone="error">{`The ${label} user you signed in with cannot see any account. Sign in with a user who has access to the account, then try again.`}</Notice>
        ) : (
          <AccountPicker slug={workspace.slug} tree={accountTree(accounts)} label={label} action={connectAccountAction} />
        )}
      </Card>
    </>
  );
}
