import type { Db } from "@/lib/db/client";

export type Health = { status: "ok" | "degraded"; database: { status: "up" | "down"; latencyMs?: number; error?: string } };

/** One cheap round trip with a short timeout, so a hung database reads as down rather than hanging the probe. */
export async function checkHealth(db: Pick<Db, "$queryRaw">, timeoutMs = 2_000): Promise<Health> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      db.$queryRaw`SELECT 1`,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { status: "ok", database: { status: "up", latencyMs: Date.now() - started } };
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0]! : "unreachable";
    return { status: "degraded", database: { status: "down", error: message.slice(0, 200) } };
  } finally {
    clearTimeout(timer);
  }
}
