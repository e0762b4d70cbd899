import fs from "node:fs";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { PROVIDERS } from "@/lib/connectors/registry";
import { createDashboard } from "@/lib/dashboards/service";
import { addWidget } from "@/lib/dashboards/widgets";
import { apiKey, freshWorkspace, kpiWidget } from "../dashboards/support";

// Every route handler of the app, found on disk so a new route is covered the day it is added,
// receives the whole class of bad input (NUL characters, numbers past their columns, malformed
// JSON, odd content types, broken multipart bodies, overlong strings, dates in year 1 and 99999)
// in its body, its query string and its path, without credentials, with an API key and with a
// session. Whatever it answers, it must not be a 5xx.

type Session = { user: { id: string; email: string } } | null;
// Requests run concurrently, so each carries its own session through its async calls.
const sessions = await vi.hoisted(async () => new (await import("node:async_hooks")).AsyncLocalStorage<Session>());
vi.mock("@/lib/auth", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth")>()),
  auth: vi.fn(async () => sessions.getStore() ?? null),
}));

const APP = path.join(process.cwd(), "app");
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
type Method = (typeof METHODS)[number];
type Handler = (request: NextRequest, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;

/** app/api/v1/workspaces/[slug]/route.ts -> ["api", "v1", "workspaces", "[slug]"] */
function routeFolders(): string[][] {
  return (fs.readdirSync(APP, { recursive: true }) as string[])
    .filter((file) => path.basename(file) === "route.ts")
    .map((file) => path.dirname(file).split(path.sep))
    .sort((a, b) => a.join("/").localeCompare(b.join("/")));
}

const NUL = "x\u0000y";
// Past every length limit, yet small enough for a body of thirty of them to stay under the 1 MB cap.
const LONG = "a".repeat(5_000);
const PAST_INT = 2_147_483_648;
const HUGE = 1e308;
const BAD_DAYS = ["0001-01-01", "99999-01-01"];

/** One body shaped like what the routes read, every field set by `text`, `number` and `day`. */
function shapedBody(text: string | undefined, number: number | undefined, day: string | undefined): Record<string, unknown> {
  const filters = { channel: [text], product_group: [text] };
  const layout = { x: number, y: number, w: number, h: number };
  const line = { title: text, sku: text, quantity: number, unit_price: text ?? String(number), discount: text };
  return {
    name: text, title: text, email: text, role: text, slug: text, type: "kpi", kind: text, time_zone: text, timeZone: text, currency: text,
    position: number, limit: number, restatementDays: number, restatementHour: number, orders: number, seed: number,
    date_from: day, date_to: day, from: day, to: day, compare: text, metrics: [text],
    channel: text, product_group: text, filters, layout,
    config: { metrics: [text ?? "orders"], filters, limit: number, breakdown: text },
    widgets: [{ id: text, layout }],
    rows: [{
      order_id: text, created_at: day, currency: text, customer_id: text, line_items: [line],
      date: day, platform: text, campaign: text, spend: text ?? String(number), impressions: number, clicks: number,
    }],
  };
}

type Body = { label: string; type?: string; body?: string };

const json = (label: string, value: unknown): Body => ({ label, type: "application/json", body: JSON.stringify(value) });

/** Plausible text around one bad kind of value, to get past the first checks; never a new slug, which would move the workspace. */
function plausible(number: number, day: string): Record<string, unknown> {
  const body = shapedBody("Growth", number, day);
  delete body.slug;
  return body;
}

const BODIES: Body[] = [
  json("NUL characters", shapedBody(NUL, 1, "2026-01-01")),
  json("NUL in keys", { [NUL]: 1, nested: { [NUL]: NUL } }),
  json("integers past int4", shapedBody(undefined, PAST_INT, undefined)),
  json("huge and negative numbers", { ...shapedBody(undefined, HUGE, undefined), position: -PAST_INT, limit: -1 }),
  json("overlong strings", shapedBody(LONG, 1, undefined)),
  json("plausible, integers past int4", plausible(PAST_INT, "2026-01-01")),
  ...BAD_DAYS.map((day) => json(`plausible, day ${day}`, plausible(1, day))),
  ...BAD_DAYS.map((day) => json(`day ${day}`, shapedBody(undefined, undefined, day))),
  json("wrong types", { name: 1, layout: "x", rows: "x", filters: [1], metrics: {}, widgets: 5, config: null }),
  json("not an object", [null, 1, "x"]),
  { label: "malformed JSON", type: "application/json", body: '{"name": "x",' },
  { label: "empty JSON body", type: "application/json", body: "" },
  { label: "odd content type", type: "text/plain;charset=UTF-8;application/json", body: JSON.stringify({ name: "x" }) },
  { label: "broken multipart", type: "multipart/form-data; boundary=zz", body: '--zz\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nx' },
  { label: "multipart without boundary", type: "multipart/form-data", body: "name=x" },
  { label: "form with NUL", type: "application/x-www-form-urlencoded", body: "name=x%00y&email=a%00b&workspace=%00&shop=%00" },
  { label: "CSV with NUL and big numbers", type: "text/csv", body: `order_id,created_at,currency,line_title,line_quantity,line_unit_price\nA\u0000,0001-01-01T00:00:00Z,USD,T,${PAST_INT},1e308\n` },
  { label: "no body" },
];

const QUERIES = [
  `channel=%00&product_group=%00&metrics=orders&date_from=2026-01-01&date_to=2026-01-31&field=%00&shop=%00&code=%00&state=%00`,
  `metrics=${LONG}&date_from=0001-01-01&date_to=99999-01-01&limit=${PAST_INT}&compare=%00&breakdown=%00`,
  `date_from=2026-13-45&date_to=x&metrics=&limit=-1&partial=%00&dry_run=2147483648&connection=%00&provider=%00`,
];

type Auth = "anonymous" | "api key" | "session";

type Target = { segments: string[]; params: Record<string, string | string[]>; label: string };

describe("every route handler, fed bad input", () => {
  let slug = "";
  let key = "";
  let ids: Record<string, string> = {};
  let user: { id: string; email: string } = { id: "", email: "" };

  beforeAll(async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    vi.spyOn(console, "warn").mockImplementation(() => {});
    vi.spyOn(console, "info").mockImplementation(() => {});
    // Configured integrations: "not configured" is a deliberate 503, not the answer to bad input.
    for (const provider of Object.values(PROVIDERS)) for (const name of provider.env) vi.stubEnv(name, `test-${name.toLowerCase()}`);
    const { owner, workspace } = await freshWorkspace();
    slug = workspace.slug;
    user = { id: owner.id, email: owner.email };
    key = await apiKey(workspace.id, owner.id, "owner");
    const dashboard = await createDashboard(workspace.id, { name: "Hostile" }, owner.id);
    const widget = await addWidget(workspace.id, dashboard.id, kpiWidget("orders"));
    ids = { id: dashboard.id, widgetId: widget.id };
  });

  afterAll(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  /** The route's folder names with their dynamic segments filled: real ids, then hostile ones. */
  function targets(folder: string[]): Target[] {
    // Route groups, "(name)", are folders that are not part of the URL.
    const segments = folder.filter((part) => !/^\(.*\)$/.test(part));
    const fill = (hostile: string | null) => {
      const params: Record<string, string | string[]> = {};
      const parts = segments.map((part) => {
        const catchAll = /^\[\[?\.\.\.(\w+)\]?\]$/.exec(part);
        if (catchAll) {
          const value = catchAll[1] === "nextauth" ? ["callback", "credentials"] : [hostile ?? "anything"];
          params[catchAll[1]!] = value;
          return value.map(encodeURIComponent).join("/");
        }
        const dynamic = /^\[(\w+)\]$/.exec(part);
        if (!dynamic) return part;
        const name = dynamic[1]!;
        const value = hostile ?? (name === "slug" ? slug : (ids[name] ?? `missing-${name}`));
        params[name] = value;
        return encodeURIComponent(value);
      });
      return { segments: parts, params };
    };
    const real = { ...fill(null), label: "real params" };
    if (!segments.some((part) => part.startsWith("["))) return [real];
    return [real, { ...fill(NUL), label: "NUL params" }, { ...fill(LONG.slice(0, 3000)), label: "overlong params" }, { ...fill(".."), label: "dot-dot params" }];
  }

  const shown = (target: Target) => target.segments.join("/").slice(0, 120);

  async function send(handler: Handler, method: Method, target: Target, auth: Auth, body: Body, query: string): Promise<string | null> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (auth === "api key") headers.authorization = `Bearer ${key}`;
    if (body.type) headers["content-type"] = body.type;
    const withBody = method !== "GET" && method !== "HEAD" && body.body !== undefined;
    const url = `http://localhost/${target.segments.join("/")}${query ? `?${query}` : ""}`;
    const request = new NextRequest(url, { method, headers, body: withBody ? body.body : undefined });
    let status: number;
    let text = "";
    try {
      const response = await sessions.run(auth === "session" ? { user } : null, () => handler(request, { params: Promise.resolve(target.params) }));
      status = response.status;
      text = status >= 500 ? (await response.text()).slice(0, 200) : "";
      if (status < 500) await response.body?.cancel().catch(() => {});
    } catch (error) {
      // Next.js turns its own redirect() and notFound() into answers; anything else is a 500.
      const digest = (error as { digest?: unknown }).digest;
      if (typeof digest === "string" && digest.startsWith("NEXT_")) return null;
      status = 500;
      text = `threw ${(error as Error)?.stack?.split("\n").slice(0, 3).join(" ") ?? String(error)}`;
    }
    return status >= 500 ? `${method} /${shown(target)} [${target.label}, ${auth}, ${body.label}, ?${query.slice(0, 40)}] -> ${status} ${text}` : null;
  }

  it("answers below 500 to all of it", { timeout: 120_000 }, async () => {
    const jobs: (() => Promise<string | null>)[] = [];
    const late: (() => Promise<string | null>)[] = [];
    const found = routeFolders();
    expect(found.length).toBeGreaterThan(20);
    for (const folder of found) {
      const route = (await import(path.join(APP, ...folder, "route.ts"))) as Partial<Record<Method, Handler>>;
      for (const method of METHODS) {
        const handler = route[method];
        if (typeof handler !== "function") continue;
        // Deletes go last, so the records they remove serve every other request first.
        const queue = method === "DELETE" ? late : jobs;
        for (const auth of ["anonymous", "api key", "session"] as const) {
          const [real, ...hostile] = targets(folder);
          for (const body of BODIES) queue.push(() => send(handler, method, real!, auth, body, ""));
          for (const query of QUERIES) queue.push(() => send(handler, method, real!, auth, BODIES[0]!, query));
          for (const target of hostile) queue.push(() => send(handler, method, target, auth, BODIES[0]!, QUERIES[0]!));
        }
      }
    }
    const failures: string[] = [];
    for (const batch of [jobs, late]) {
      let next = 0;
      const worker = async () => {
        for (let job = batch[next++]; job; job = batch[next++]) {
          const failure = await job();
          if (failure) failures.push(failure);
        }
      };
      await Promise.all(Array.from({ length: 6 }, worker));
    }
    expect(failures).toEqual([]);
  });
});
