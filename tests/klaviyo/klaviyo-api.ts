import { http, HttpResponse } from "msw";
import { KLAVIYO_API_BASE, KLAVIYO_REVISION } from "@/lib/connectors/klaviyo/client";
import accounts from "@/lib/connectors/klaviyo/fixtures/accounts.json";
import campaignValues from "@/lib/connectors/klaviyo/fixtures/campaign_values_report.json";
import campaignsEmpty from "@/lib/connectors/klaviyo/fixtures/campaigns_empty.json";
import campaignsPage1 from "@/lib/connectors/klaviyo/fixtures/campaigns_email_page1.json";
import campaignsPage2 from "@/lib/connectors/klaviyo/fixtures/campaigns_email_page2.json";
import campaignsSms from "@/lib/connectors/klaviyo/fixtures/campaigns_sms.json";
import unauthorized from "@/lib/connectors/klaviyo/fixtures/error_401.json";
import throttled from "@/lib/connectors/klaviyo/fixtures/error_429.json";
import bounced from "@/lib/connectors/klaviyo/fixtures/events_bounced_email.json";
import dropped from "@/lib/connectors/klaviyo/fixtures/events_dropped_email.json";
import clickedEmail from "@/lib/connectors/klaviyo/fixtures/events_clicked_email.json";
import clickedSms from "@/lib/connectors/klaviyo/fixtures/events_clicked_sms.json";
import emptyEvents from "@/lib/connectors/klaviyo/fixtures/events_empty.json";
import spam from "@/lib/connectors/klaviyo/fixtures/events_marked_spam.json";
import opened from "@/lib/connectors/klaviyo/fixtures/events_opened_email.json";
import receivedPage1 from "@/lib/connectors/klaviyo/fixtures/events_received_email_page1.json";
import receivedPage2 from "@/lib/connectors/klaviyo/fixtures/events_received_email_page2.json";
import receivedSms from "@/lib/connectors/klaviyo/fixtures/events_received_sms.json";
import unsubscribed from "@/lib/connectors/klaviyo/fixtures/events_unsubscribed.json";
import flowValues from "@/lib/connectors/klaviyo/fixtures/flow_values_report.json";
import flows from "@/lib/connectors/klaviyo/fixtures/flows.json";
import metrics from "@/lib/connectors/klaviyo/fixtures/metrics.json";

// Klaviyo's API as msw handlers answering with the documented fixtures: one account, campaigns in
// two pages of email and one of SMS, flows, and each engagement metric's events (Received Email in
// two pages). Only requests carrying a key the test accepts and the pinned revision are answered.

export const GOOD_KEY = "pk_1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e";
export const NEW_KEY = "pk_9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b";

const EVENTS: Record<string, unknown[]> = {
  RcvEm1: [receivedPage1, receivedPage2],
  BncEm1: [bounced],
  DrpEm1: [dropped],
  OpnEm1: [opened],
  ClkEm1: [clickedEmail],
  UnsEm1: [unsubscribed],
  SpmEm1: [spam],
  RcvSm1: [receivedSms],
  ClkSm1: [clickedSms],
};

export type KlaviyoScript = {
  /** Keys Klaviyo accepts; any other is answered 401. */
  keys: Set<string>;
  /** Answers 429 (Retry-After 1) to this many events requests first. */
  throttleEvents: number;
  /** The key is revoked when this metric's events are first asked for. */
  revokeAtMetric: string | null;
  /** Metrics whose events the account does not hand over (answered with an empty page). */
  silentMetrics: Set<string>;
  /** Every request, as "METHOD path?query". */
  seen: string[];
};

export function klaviyoScript(keys: string[] = [GOOD_KEY]): KlaviyoScript {
  return { keys: new Set(keys), throttleEvents: 0, revokeAtMetric: null, silentMetrics: new Set(), seen: [] };
}

const refused = () => HttpResponse.json(unauthorized, { status: 401 });

export function klaviyoHandlers(script: KlaviyoScript) {
  const guard = (request: Request) => {
    const url = new URL(request.url);
    script.seen.push(`${request.method} ${url.pathname}${url.search}`);
    const key = request.headers.get("authorization")?.replace(/^Klaviyo-API-Key /, "") ?? "";
    if (request.headers.get("revision") !== KLAVIYO_REVISION) return HttpResponse.json({ errors: [{ code: "invalid", detail: "revision" }] }, { status: 400 });
    return script.keys.has(key) ? null : refused();
  };
  return [
    http.get(`${KLAVIYO_API_BASE}/accounts`, ({ request }) => guard(request) ?? HttpResponse.json(accounts)),
    http.get(`${KLAVIYO_API_BASE}/metrics`, ({ request }) => guard(request) ?? HttpResponse.json(metrics)),
    http.get(`${KLAVIYO_API_BASE}/campaigns/`, ({ request }) => (new URL(request.url).pathname.endsWith("/") ? (guard(request) ?? HttpResponse.json(campaignsPage2)) : undefined)),
    http.get(`${KLAVIYO_API_BASE}/campaigns`, ({ request }) => {
      const filter = new URL(request.url).searchParams.get("filter") ?? "";
      if (filter.includes("'email'")) return guard(request) ?? HttpResponse.json(campaignsPage1);
      if (filter.includes("'sms'")) return guard(request) ?? HttpResponse.json(campaignsSms);
      return guard(request) ?? HttpResponse.json(campaignsEmpty);
    }),
    http.get(`${KLAVIYO_API_BASE}/flows`, ({ request }) => guard(request) ?? HttpResponse.json(flows)),
    // links.next of Received Email's first page.
    http.get(`${KLAVIYO_API_BASE}/events/`, ({ request }) => (new URL(request.url).pathname.endsWith("/") ? (guard(request) ?? HttpResponse.json(receivedPage2)) : undefined)),
    http.get(`${KLAVIYO_API_BASE}/events`, ({ request }) => {
      const refusal = guard(request);
      if (refusal) return refusal;
      if (script.throttleEvents > 0) {
        script.throttleEvents--;
        return HttpResponse.json(throttled, { status: 429, headers: { "Retry-After": "1" } });
      }
      const metric = /metric_id,"([^"]+)"/.exec(new URL(request.url).searchParams.get("filter") ?? "")?.[1] ?? "";
      if (metric === script.revokeAtMetric) {
        script.keys.clear();
        return refused();
      }
      return HttpResponse.json((script.silentMetrics.has(metric) ? null : EVENTS[metric]?.[0]) ?? emptyEvents);
    }),
    http.post(`${KLAVIYO_API_BASE}/campaign-values-reports`, ({ request }) => guard(request) ?? HttpResponse.json(campaignValues)),
    http.post(`${KLAVIYO_API_BASE}/flow-values-reports`, ({ request }) => guard(request) ?? HttpResponse.json(flowValues)),
  ];
}
