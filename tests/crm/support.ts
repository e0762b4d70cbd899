import { http, HttpResponse } from "msw";
import { expect } from "vitest";
import { ConnectorError } from "@/lib/connectors/common/errors";
import { connectCrm } from "@/lib/crm/connect";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { executeRun } from "@/lib/sync/runner";
import { getRun, openRun } from "@/lib/sync/runs";
import accountDetails from "../fixtures/hubspot/account_details.json";
import contactsBatch from "../fixtures/hubspot/contacts_batch_read.json";
import page1 from "../fixtures/hubspot/deals_page1.json";
import page2 from "../fixtures/hubspot/deals_page2.json";
import unauthorized from "../fixtures/hubspot/error_401.json";
import pipelines from "../fixtures/hubspot/pipelines.json";

// HubSpot's documented answers served by msw, and a workspace connected to that portal.

export const HUBSPOT_API = "https://api.hubapi.com";
export const HUBSPOT_TOKEN = "pat-na1-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";

export type DealsPage = typeof page1 | typeof page2;
export const dealPages: { current: Record<string, () => Response> } = { current: {} };
export const served = (body: DealsPage) => () => HttpResponse.json(body);
export const defaultPages = () => ({ first: served(page1), "1003": served(page2) });

export const hubspotHandlers = [
  http.get(`${HUBSPOT_API}/account-info/v3/details`, () => HttpResponse.json(accountDetails)),
  http.get(`${HUBSPOT_API}/crm/v3/pipelines/deals`, () => HttpResponse.json(pipelines)),
  http.get(`${HUBSPOT_API}/crm/v3/objects/deals`, ({ request }) => {
    if (request.headers.get("authorization") !== `Bearer ${HUBSPOT_TOKEN}`) return HttpResponse.json(unauthorized, { status: 401 });
    const url = new URL(request.url);
    if (url.searchParams.get("propertiesWithHistory") !== "dealstage") return HttpResponse.json({ status: "error", message: "no history asked" }, { status: 400 });
    return dealPages.current[url.searchParams.get("after") ?? "first"]!();
  }),
  http.post(`${HUBSPOT_API}/crm/v3/objects/contacts/batch/read`, async ({ request }) => {
    const { inputs } = (await request.json()) as { inputs: { id: string }[] };
    const ids = new Set(inputs.map((i) => i.id));
    return HttpResponse.json({ ...contactsBatch, results: contactsBatch.results.filter((c) => ids.has(c.id)) });
  }),
];

export async function hubspotWorkspace(timeZone = "America/New_York") {
  const owner = await seedUser();
  const workspace = await seedWorkspace(owner.id, { currency: "USD", timeZone });
  const { id } = await connectCrm(workspace.id, "hubspot", { token: HUBSPOT_TOKEN });
  return { owner, workspace, scope: { workspaceId: workspace.id, connectionId: id } };
}

export async function syncCrm(scope: { workspaceId: string; connectionId: string }, kind: "backfill" | "incremental" = "backfill") {
  const { runId } = await openRun(scope, kind);
  const outcome = await executeRun(scope, runId, { sleep: async () => {} });
  return { outcome, run: await getRun(scope, runId) };
}

/** A fetch answering from a script (the last answer repeats), recording calls and the sleeps asked for. */
export function scripted(responses: (() => Response)[]) {
  const calls: { url: string; init: RequestInit }[] = [];
  const sleeps: number[] = [];
  const fetch = async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return responses[Math.min(calls.length - 1, responses.length - 1)]!();
  };
  const sleep = async (ms: number) => void sleeps.push(ms);
  return { calls, sleeps, fetch, sleep };
}

/** The ConnectorError a call failed with. */
export async function failure(promise: Promise<unknown>): Promise<ConnectorError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ConnectorError);
  return error as ConnectorError;
}
