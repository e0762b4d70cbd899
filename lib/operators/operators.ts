import { z } from "zod";
import { ZEmail } from "@/lib/auth/schemas";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { recordOperatorEvent } from "./events";

// Who is an operator. Set only from the command line (`operator:grant` / `operator:revoke`):
// whoever can run it already holds the installation's database.

/** Whether this user is flagged as an operator now (read on every request: a revoke takes effect at once). */
export async function isOperator(userId: string): Promise<boolean> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { isOperator: true } });
  return user?.isOperator === true;
}

async function setOperator(email: unknown, isOperator: boolean): Promise<{ userId: string; changed: boolean }> {
  const { email: address } = parseInput(z.object({ email: ZEmail }), { email });
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { email: address }, select: { id: true, isOperator: true } });
    if (!user) throw AppError.field("email", `No account uses the email ${address}; nothing was changed. The person must sign up first.`, "not_found");
    if (user.isOperator === isOperator) return { userId: user.id, changed: false };
    await tx.user.update({ where: { id: user.id }, data: { isOperator } });
    await recordOperatorEvent(tx, {
      action: isOperator ? "operator.granted" : "operator.revoked",
      target: { type: "user", id: user.id },
      changes: { is_operator: { before: !isOperator, after: isOperator } },
    });
    return { userId: user.id, changed: true };
  });
}

/** Makes the account with this email an operator; an unknown email changes nothing and says so. */
export function grantOperator(email: unknown): Promise<{ userId: string; changed: boolean }> {
  return setOperator(email, true);
}

/** Takes the operator flag away; the console closes to them on their next request. */
export function revokeOperator(email: unknown): Promise<{ userId: string; changed: boolean }> {
  return setOperator(email, false);
}
