import { notFound } from "next/navigation";
import { getDigest, type Digest } from "@/lib/digests/service";
import { AppError } from "@/lib/errors";
import { actorUserId, type WorkspaceContext } from "@/lib/tenancy/guard";

/** The digest a page is about; another workspace's (or another member's personal) id is the 404 page. */
export async function digestForPage(context: WorkspaceContext, id: string): Promise<Digest> {
  try {
    return await getDigest(context.workspace.id, id, { userId: actorUserId(context) });
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
}
