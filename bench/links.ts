// The tracked-link redirect (/l/{token}) and the open pixel (/o/{token}) under load, in production
// mode: a throwaway database, `next start` through the launcher, and autocannon in this process
// (a second process on loopback, keep-alive connections each sending its next request when the
// last is answered). Every redirect answered carries its click's id (sb_cid); at the end each
// answered click id is looked for among the stored clicks.
// Lines of their own, for scripts:
//   load_avg X / load_avg_end X      1-minute load average at the start and the end
//   redirects_per_s X / p99 X        302 answers per second, 99th percentile latency in ms
//   pixel_per_s X / pixel_p99 X      the same for the pixel (200 GIF answers)
//   errors X / pixel_errors X        other answers (the run fails if any)
//   clicks_sent X / clicks_stored X / lost X
//                                    redirects answered, click rows stored (including clicks in
//                                    flight when the phase ended), answered clicks not stored
//                                    (the run fails if any)
//   opens_sent X / opens_stored X
//
// Usage: npm run bench:links [-- --seconds 15] [--connections 20] [--sends 2000] [--port 3307]
// Needs a production build (`npx next build --webpack` in a worktree); it runs one when .next has none.
import os from "node:os";
import autocannon from "autocannon";
import { ensureBuild, startServer, stopServer, waitForHealth } from "./server";
import { numberOption, percentile } from "./stats";
import { runBench, withBenchDatabase } from "./support";

const SECONDS = numberOption("seconds", 15);
const WARM_UP_SECONDS = 3;
const CONNECTIONS = numberOption("connections", 20);
const SENDS = numberOption("sends", 2_000);
const PORT = numberOption("port", 3307);
const BASE = `http://127.0.0.1:${PORT}`;

const loadAverage = () => os.loadavg()[0]!.toFixed(2);

type Phase = { ok: number; errors: number; latencies: number[]; seconds: number; clickIds: string[] };

async function drive(paths: readonly string[], expected: number, seconds: number): Promise<Phase> {
  const phase: Phase = { ok: 0, errors: 0, latencies: [], seconds: 0, clickIds: [] };
  let next = 0;
  const instance = autocannon({
    url: BASE,
    connections: CONNECTIONS,
    pipelining: 1,
    duration: seconds,
    requests: [
      {
        method: "GET",
        setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length]! }),
        onResponse: (status, _body, _context, headers) => {
          if (status !== expected) {
            phase.errors++;
            return;
          }
          phase.ok++;
          const location = (headers as Record<string, string> | undefined)?.location;
          if (location) phase.clickIds.push(new URL(location).searchParams.get("sb_cid") ?? "");
        },
      },
    ],
  }) as unknown as autocannon.Instance & Promise<autocannon.Result>;
  instance.on("response", (_client, _status, _bytes, responseTime) => phase.latencies.push(responseTime));
  const result = await instance;
  phase.seconds = result.duration;
  phase.errors += result.errors + result.timeouts;
  return phase;
}

function report(prefix: string, rateName: string, phase: Phase): void {
  const sorted = [...phase.latencies].sort((a, b) => a - b);
  console.log(`${rateName} ${(phase.ok / phase.seconds).toFixed(0)}`);
  console.log(`${prefix}p99 ${percentile(sorted, 99).toFixed(1)}`);
  console.log(`${prefix}errors ${phase.errors}`);
}

async function main() {
  console.log(`load_avg ${loadAverage()}`);
  ensureBuild();
  await withBenchDatabase({}, async () => {
    const { seedUser, seedWorkspace } = await import("../lib/seed/factories");
    const { defineCampaigns } = await import("../lib/owned/messages/campaigns");
    const { prepareMessages } = await import("../lib/owned/links/prepare");
    const { getPool } = await import("../lib/db/pool");
    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id);
    await defineCampaigns(workspace.id, {
      campaigns: [{ id: "weekly", kind: "campaign", channel: "email", name: "Weekly", templates: [{ id: "w1", name: "Week 1" }] }],
    });
    const html = `<html><body>${Array.from({ length: 5 }, (_, i) => `<a href="https://shop.example/p/${i}?ref=mail#top">Product ${i}</a>`).join(" ")}</body></html>`;
    const linkPaths: string[] = [];
    const pixelPaths: string[] = [];
    for (let start = 0; start < SENDS; start += 500) {
      const ids = Array.from({ length: Math.min(500, SENDS - start) }, (_, i) => `s-${start + i}`);
      const prepared = await prepareMessages(workspace.id, { campaign: "weekly", template: "w1", html, sends: ids });
      for (const message of prepared.messages) {
        for (const match of message.html!.matchAll(/"https?:\/\/[^/"]+(\/[lo]\/[A-Za-z0-9_-]+)"/g)) (match[1]!.startsWith("/l/") ? linkPaths : pixelPaths).push(match[1]!);
      }
    }
    console.log(`tokens ${linkPaths.length} links, ${pixelPaths.length} pixels`);
    console.log(`connections ${CONNECTIONS}`);

    const server = startServer(PORT);
    try {
      await waitForHealth(server, BASE);
      const probe = await fetch(`${BASE}${linkPaths[0]}`, { redirect: "manual" });
      if (probe.status !== 302) throw new Error(`The redirect answered ${probe.status}.`);

      await drive(linkPaths, 302, WARM_UP_SECONDS);
      const links = await drive(linkPaths, 302, SECONDS);
      report("", "redirects_per_s", links);
      await drive(pixelPaths, 200, WARM_UP_SECONDS);
      const pixels = await drive(pixelPaths, 200, SECONDS);
      report("pixel_", "pixel_per_s", pixels);

      const { rows } = await getPool().query<{ click_id: string }>("SELECT click_id FROM owned_clicks WHERE workspace_id = $1", [workspace.id]);
      const stored = new Set(rows.map((r) => r.click_id));
      const lost = links.clickIds.filter((id) => !stored.has(id)).length;
      const opens = await getPool().query<{ n: number }>("SELECT count(*)::int AS n FROM owned_opens WHERE workspace_id = $1", [workspace.id]);
      console.log(`clicks_sent ${links.clickIds.length}`);
      console.log(`clicks_stored ${rows.length}`);
      console.log(`lost ${lost}`);
      console.log(`opens_sent ${pixels.ok}`);
      console.log(`opens_stored ${opens.rows[0]!.n}`);
      console.log(`load_avg_end ${loadAverage()}`);
      if (lost > 0 || links.errors > 0 || pixels.errors > 0) process.exitCode = 1;
    } finally {
      await stopServer(server);
    }
  });
}

runBench(main);
