import { notFound } from "next/navigation";
import { auth } from "@/lib/auth";
import { currentUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/api/respond";
import { assertSameOriginWrite } from "@/lib/api/workspace-route";
import { noteContext } from "@/lib/log/context";
import { isOperator } from "./operators";

// The one check in front of the operator console. Anyone who is not a signed-in operator gets the
// same answer as for a page that does not exist, so the console's existence is never revealed.

const NOT_FOUND = "Not found.";

function noteOperator(userId: string): { userId: string } {
  noteContext({ actor: { kind: "operator", id: userId } });
  return { userId };
}

/** For /admin pages and their server actions: the operator's id, or a 404 for anyone else. */
export async function requireOperatorPage(): Promise<{ userId: string }> {
  const user = await currentUser();
  if (!user || !(await isOperator(user.id))) notFound();
  return noteOperator(user.id);
}

/** For server actions under /admin: the same check, raised as an AppError for the action to report. */
export async function requireOperatorAction(): Promise<{ userId: string }> {
  const user = await currentUser();
  if (!user || !(await isOperator(user.id))) throw new AppError("not_found", NOT_FOUND);
  return noteOperator(user.id);
}

/** For /api/admin route handlers: the operator's id, or the Response to answer with (404 JSON for anyone else). */
export async function requireOperatorRequest(req: Request): Promise<{ userId: string } | Response> {
  try {
    const session = await auth();
    const userId = session?.user?.id;
    if (!userId || !(await isOperator(userId))) throw new AppError("not_found", NOT_FOUND);
    // The console is cookie-authenticated: a write must come from its own pages.
    assertSameOriginWrite(req);
    return noteOperator(userId);
  } catch (error) {
    return errorResponse(error);
  }
}
