// The production web server: `tsx lib/server/web.ts --port N`, started by the launcher in place
// of `next start`. Next.js serves everything (the same production build, through its documented
// custom-server API) except the event API, which track-front.ts answers in this process before
// Next's routing: the one endpoint whose traffic is counted in thousands of requests a second. The
// tracked-link redirect and the open pixel are answered the same way (links-front.ts).
import http from "node:http";
import { logger } from "../log";

const log = logger("web");

async function main() {
  const args = process.argv.slice(2);
  const portIndex = args.indexOf("--port");
  const port = Number(portIndex >= 0 ? args[portIndex + 1] : (process.env.PORT ?? "3000"));
  // Next reads NODE_ENV when it loads; `next start` sets it the same way.
  (process.env as Record<string, string>).NODE_ENV = "production";
  // What `next start` loads first: the globals (AsyncLocalStorage) Next's modules expect.
  await import("next/dist/server/node-environment");
  const { default: next } = await import("next");
  // After those: the handler's imports reach Next's own modules (next/server).
  const { isTrackRequest, serveTrack } = await import("./track-front");
  const { isLinkRequest, serveLink } = await import("./links-front");
  const app = next({ dev: false, port });
  await app.prepare();
  const handle = app.getRequestHandler();

  const server = http.createServer((request, response) => {
    if (isTrackRequest(request)) void serveTrack(request, response);
    else if (isLinkRequest(request)) void serveLink(request, response);
    else void handle(request, response);
  });
  server.listen(port, () => log.info("listening (the event API and tracked links in front of Next.js)", { port }));

  const stop = () => {
    // Answers under way (an inbox write) finish; then the process ends, as `next start` does.
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 5_000).unref();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((error) => {
  log.error("start-up failed", error);
  process.exit(1);
});
