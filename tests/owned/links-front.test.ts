import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getPool } from "@/lib/db/pool";
import { prepareMessages } from "@/lib/owned/links/prepare";
import { defineCampaigns } from "@/lib/owned/messages/campaigns";
import { isLinkRequest, serveLink } from "@/lib/server/links-front";
import { freshWorkspace } from "../dashboards/support";

// The front as web.ts mounts it: /l and /o answered here, anything else handed on (to Next).
let server: http.Server;
let base: string;
beforeAll(async () => {
  server = http.createServer((request, response) => {
    if (isLinkRequest(request)) void serveLink(request, response);
    else response.writeHead(418, { "content-type": "text/plain" }).end("next");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("tracked links in front of Next.js", () => {
  it("answers the redirect and the pixel as the routes do, and hands anything else on", async () => {
    const { workspace } = await freshWorkspace();
    await defineCampaigns(workspace.id, { campaigns: [{ id: "c", kind: "flow", channel: "email", name: "Welcome", templates: [{ id: "t", name: "Hello" }] }] });
    const prepared = await prepareMessages(workspace.id, { campaign: "c", template: "t", html: `<a href="https://shop.example/x?y=1">x</a>`, sends: ["s"] });
    const html = prepared.messages[0]!.html!;
    const link = /href="[^"]*(\/l\/[^"]+)"/.exec(html)![1]!;
    const pixel = /src="[^"]*(\/o\/[^"]+)"/.exec(html)![1]!;

    const redirect = await fetch(`${base}${link}`, { redirect: "manual" });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get("location")).toMatch(/^https:\/\/shop\.example\/x\?y=1&utm_source=email&utm_medium=email&utm_campaign=Welcome&utm_content=Hello&sb_cid=/);
    const gif = await fetch(`${base}${pixel}`);
    expect([gif.status, gif.headers.get("content-type"), gif.headers.get("cache-control")]).toEqual([200, "image/gif", expect.stringContaining("no-store")]);
    expect((await fetch(`${base}/l/not-a-token-at-all`, { redirect: "manual" })).status).toBe(404);
    const counts = await getPool().query<{ clicks: number; opens: number }>(
      "SELECT (SELECT count(*)::int FROM owned_clicks WHERE workspace_id = $1) AS clicks, (SELECT count(*)::int FROM owned_opens WHERE workspace_id = $1) AS opens",
      [workspace.id],
    );
    expect(counts.rows[0]).toEqual({ clicks: 1, opens: 1 });

    for (const other of ["/l/abc/def", "/lx/abc", "/l/", "/o/a.b"]) expect((await fetch(`${base}${other}`)).status, other).toBe(418);
    expect((await fetch(`${base}${link}`, { method: "POST" })).status).toBe(418);
  });
});
