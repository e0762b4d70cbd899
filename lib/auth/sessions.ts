import { db, type Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";

/**
 * Ends every session of a user on the server: sessions carry the version they were issued under
 * and each request checks it (lib/auth/index.ts), so a cookie kept or replayed after this no
 * longer signs anyone in.
 */
export async function endSessions(userId: string, client: Db | Prisma.TransactionClient = db): Promise<void> {
  await client.user.updateMany({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
}
