import { AppShell } from "@/components/shell/app-shell";
import { currentUser } from "@/lib/auth/session";
import { requireWorkspacePage } from "@/lib/tenancy/server";
import { listWorkspacesForUser } from "@/lib/workspaces/service";

export default async function WorkspaceLayout({ children, params }: { children: React.ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { workspace, role } = await requireWorkspacePage(slug);
  const user = (await currentUser())!;
  const workspaces = await listWorkspacesForUser(user.id);
  return (
    <AppShell user={user} workspace={workspace} role={role} workspaces={workspaces}>
      {children}
    </AppShell>
  );
}
