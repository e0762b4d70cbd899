import { QueryProvider } from "@/components/providers/query-provider";
import { AppShell } from "@/components/shell/app-shell";
import { currentUser } from "@/lib/auth/session";
import { pastDueNotice } from "@/lib/billing/past-due";
import { connectionsNeedingAttention } from "@/lib/connections/health";
import { requireWorkspacePage } from "@/lib/tenancy/server";
import { listWorkspacesForUser } from "@/lib/workspaces/service";
import "./chart-colors.css";

export default async function WorkspaceLayout({ children, params }: { children: React.ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { workspace, role, support } = await requireWorkspacePage(slug);
  const user = (await currentUser())!;
  const [workspaces, alerts, pastDue] = await Promise.all([
    listWorkspacesForUser(user.id),
    connectionsNeedingAttention(workspace.id, new Date(), workspace.timeZone),
    pastDueNotice(workspace, role),
  ]);
  return (
    <AppShell user={user} workspace={workspace} role={role} workspaces={workspaces} alerts={alerts} pastDue={pastDue} support={support ?? null}>
      <QueryProvider>{children}</QueryProvider>
    </AppShell>
  );
}
