import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { unique } from "../helpers";

describe("tracking tables", () => {
  it("partition tracked_events by range of occurred_at, with a default partition", async () => {
    const [parent] = await db.$queryRaw<{ strategy: string; column: string }[]>`
      SELECT p.partstrat::text AS strategy, a.attname AS column
      FROM pg_partitioned_table p
      JOIN pg_class c ON c.oid = p.partrelid
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = p.partattrs[0]
      WHERE c.relname = 'tracked_events'`;
    expect(parent).toEqual({ strategy: "r", column: "occurred_at" });
    const [fallback] = await db.$queryRaw<{ name: string }[]>`
      SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'tracked_events'::regclass AND pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT'`;
    expect(fallback?.name).toBe("tracked_events_default");
  });

  it("stay readable and writable through the Prisma models", async () => {
    const workspaceId = unique("ws");
    const occurredAt = new Date("2026-03-04T05:06:07.089Z");
    await db.trackedEvent.create({
      data: {
        workspaceId,
        messageId: "m-1",
        event: "page_view",
        occurredAt,
        receivedAt: occurredAt,
        anonymousId: "a-1",
        properties: {},
        context: { utm_source: "newsletter" },
        source: "browser",
      },
    });
    const [row] = await db.trackedEvent.findMany({ where: { workspaceId } });
    expect(row).toMatchObject({ messageId: "m-1", occurredAt, context: { utm_source: "newsletter" }, isBot: null, sessionId: null });
  });
});
