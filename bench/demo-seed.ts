// Times the demo's first seeding (what `npm run dev` does on an empty database before it serves):
// the owner, the workspace, the demo store's connection, the ad and analytics history and the
// visitor traffic delivered through the event API. The store's order backfill is queued, not run:
// bench:demo times that. Usage: npx tsx bench/demo-seed.ts [orders=50000]
import { runBench, withBenchDatabase } from "./support";

async function main() {
  const orders = Number(process.argv[2] ?? 50_000);
  await withBenchDatabase({}, async () => {
    const { seedDemo } = await import("../lib/seed/demo");
    const { db } = await import("../lib/db/client");
    const started = performance.now();
    const { slug } = await seedDemo({ orders });
    const seconds = (performance.now() - started) / 1000;
    const workspace = await db.workspace.findUniqueOrThrow({ where: { slug }, select: { id: true } });
    const events = await db.trackedEvent.count({ where: { workspaceId: workspace.id } });
    console.log(`demo seed of a ${orders.toLocaleString("en")}-order store: ${seconds.toFixed(1)} s`);
    console.log(`  tracked events stored: ${events.toLocaleString("en")}`);
  });
}

runBench(main);
