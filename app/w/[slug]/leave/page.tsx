import type { Metadata } from "next";
import { ActionForm } from "@/components/ui/action-form";
import { Card } from "@/components/ui/card";
import { SubmitButton } from "@/components/ui/submit-button";
import { requireWorkspacePage } from "@/lib/tenancy/server";
import { leaveWorkspaceAction } from "./actions";

export const metadata: Metadata = { title: "Leave workspace" };

export default async function LeavePage({ params }: { params: Promise<{ slug: string }> }) {
  const { workspace, role } = await requireWorkspacePage((await params).slug);
  return (
    <Card title={`Leave ${workspace.name}?`} tone="danger" description="You lose access at once. To come back, someone has to invite you again.">
      {role === "owner" ? (
        <p className="mb-4 text-sm text-slate-600">If you are the only owner, make someone else owner first in Settings.</p>
      ) : null}
      <ActionForm action={leaveWorkspaceAction} hidden={{ slug: workspace.slug }}>
        <SubmitButton variant="danger" pendingLabel="Leaving…">
          Leave workspace
        </SubmitButton>
      </ActionForm>
    </Card>
  );
}
