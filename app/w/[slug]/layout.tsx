import { QueryProvider } from "@/components/providers/query-provider";
import { AppShell } from "@/components/shell/app-shell";
import { currentUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { requireWorkspacePage } from "@/lib/tenancy/server";
import { listWorkspacesForUser } from "@/lib/workspaces/service";

export default async function WorkspaceLayout({ children, params }: { children: React.ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { workspace, role } = await requireWorkspacePage(slug);
  const user = (await currentUser())!;
  const [workspaces, alerts] = await Promise.all([
    listWorkspacesForUser(user.id),
    db.connection.findMany({
      where: { workspaceId: workspace.id, status: { in: ["needs_reauth", "error"] } },
      select: { id: true, displayName: true, status: true, lastError: true },
    }),
  ]);
  return (
    <AppShell user={user} workspace={workspace} role={role} workspaces={workspaces} alerts={alerts}>
      <QueryProvider>{children}</QueryProvider>
    </AppShell>
  );
}
