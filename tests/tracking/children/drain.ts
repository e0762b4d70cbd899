// A drain in a process of its own for the kill tests (tests/tracking/kill.test.ts): drains the
// inbox of DATABASE_URL until it is empty and prints what it moved.
import { endAllPools } from "@/lib/db/pool";
import { drainInbox } from "@/lib/tracking/drain";

async function main() {
  process.stdout.write("draining\n");
  const outcome = await drainInbox();
  process.stdout.write(`drained ${JSON.stringify(outcome)}\n`);
  await endAllPools();
  process.exit(0);
}

void main();
