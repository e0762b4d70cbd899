// A sender's server process for the kill tests (tests/tracking/kill.test.ts): posts batches to the
// event API's handler against DATABASE_URL and prints each acknowledged batch's message ids
// ("acked a,b,c") only once the answer was 202, so the parent knows exactly what was acknowledged
// however the process ends. Every fifth request repeats the one before, as a sender's retry would.
import { endAllPools } from "@/lib/db/pool";
import { handleTrack } from "@/lib/tracking/ingest";

const writeKey = process.env.KILL_TEST_WRITE_KEY!;
const run = process.env.KILL_TEST_RUN!;
const requests = Number(process.env.KILL_TEST_REQUESTS ?? Number.POSITIVE_INFINITY);
const perRequest = Number(process.env.KILL_TEST_EVENTS_PER_REQUEST ?? 10);

function batchOf(request: number): { ids: string[]; body: string } {
  const ids = Array.from({ length: perRequest }, (_, n) => `${run}-${request}-${n}`);
  const timestamp = new Date(Date.now() - 60_000).toISOString();
  const batch = ids.map((id, n) => ({
    event: "page_view",
    message_id: id,
    anonymous_id: `${run}-visitor-${(request + n) % 13}`,
    timestamp,
    page_url: `https://shop.example.com/p/${n}?utm_source=news`,
  }));
  return { ids, body: JSON.stringify({ write_key: writeKey, batch }) };
}

async function main() {
  process.stdout.write("ready\n");
  for (let request = 0; request < requests; request++) {
    const { ids, body } = batchOf(request % 5 === 4 ? request - 1 : request);
    const response = await handleTrack(new Request("http://localhost/api/v1/track", { method: "POST", body }));
    process.stdout.write(response.status === 202 ? `acked ${ids.join(",")}\n` : `refused ${response.status}\n`);
  }
  await endAllPools();
  process.exit(0);
}

void main();
