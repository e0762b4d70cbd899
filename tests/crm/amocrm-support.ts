import { http, HttpResponse } from "msw";
import account from "../fixtures/amocrm/account.json";
import contacts from "../fixtures/amocrm/contacts.json";
import invalidGrant from "../fixtures/amocrm/error_oauth_invalid_grant.json";
import unauthorized from "../fixtures/amocrm/error_401.json";
import events from "../fixtures/amocrm/events_lead_status_changed.json";
import page1 from "../fixtures/amocrm/leads_page1.json";
import page2 from "../fixtures/amocrm/leads_page2.json";
import pipelines from "../fixtures/amocrm/pipelines.json";
import token from "../fixtures/amocrm/token.json";
import renewed from "../fixtures/amocrm/token_renewed.json";

// An AmoCRM account at romashka.amocrm.ru answering with its documented shapes: a token endpoint
// that accepts one authorisation code and each refresh token once (every renewal rotates it), and
// the API v4 reads a sync makes, each behind a valid access token.

export const AMO_DOMAIN = "romashka.amocrm.ru";
export const AMO = `https://${AMO_DOMAIN}`;
export const AMO_CODE = "def50200invented-authorisation-code";

export const amo = {
  /** Access tokens the API accepts right now. */
  valid: new Set<string>(),
  /** The one refresh token the token endpoint accepts right now (null: the integration was removed). */
  refresh: null as string | null,
  /** Answers for a leads page, by page number; a function may fail. */
  leads: {} as Record<string, () => Response>,
  calls: [] as { path: string; query: URLSearchParams; body?: Record<string, string> }[],
};

export function resetAmo() {
  amo.valid = new Set();
  amo.refresh = null;
  amo.leads = { "1": () => HttpResponse.json(page1), "2": () => HttpResponse.json(page2) };
  amo.calls.length = 0;
}

const refused = () => HttpResponse.json(unauthorized, { status: 401 });
const authorised = (request: Request) => amo.valid.has((request.headers.get("authorization") ?? "").replace(/^Bearer /, ""));

export const amoHandlers = [
  http.post(`${AMO}/oauth2/access_token`, async ({ request }) => {
    const body = (await request.json()) as Record<string, string>;
    amo.calls.push({ path: "/oauth2/access_token", query: new URLSearchParams(), body });
    if (body.client_id !== "amo-client-id" || body.client_secret !== "amo-client-secret") return HttpResponse.json({ ...invalidGrant, hint: "Client authentication failed" }, { status: 401 });
    const grant = body.grant_type === "authorization_code" ? body.code === AMO_CODE : body.refresh_token === amo.refresh && amo.refresh !== null;
    if (!grant) return HttpResponse.json(invalidGrant, { status: 400 });
    const answer = body.grant_type === "authorization_code" ? token : renewed;
    amo.valid.add(answer.access_token);
    amo.refresh = answer.refresh_token;
    return HttpResponse.json(answer);
  }),
  http.get(`${AMO}/api/v4/*`, ({ request }) => {
    const url = new URL(request.url);
    amo.calls.push({ path: url.pathname, query: url.searchParams });
    if (!authorised(request)) return refused();
    switch (url.pathname) {
      case "/api/v4/account":
        return HttpResponse.json(account);
      case "/api/v4/leads/pipelines":
        return HttpResponse.json(pipelines);
      case "/api/v4/leads":
        return amo.leads[url.searchParams.get("page") ?? "1"]!();
      case "/api/v4/contacts": {
        const ids = new Set(url.searchParams.getAll("filter[id][]").map(Number));
        const found = contacts._embedded.contacts.filter((c) => ids.has(c.id));
        return found.length === 0 ? new HttpResponse(null, { status: 204 }) : HttpResponse.json({ ...contacts, _embedded: { contacts: found } });
      }
      case "/api/v4/events": {
        const ids = new Set(url.searchParams.getAll("filter[entity_id][]").map(Number));
        const found = events._embedded.events.filter((e) => ids.has(e.entity_id));
        return found.length === 0 ? new HttpResponse(null, { status: 204 }) : HttpResponse.json({ ...events, _embedded: { events: found } });
      }
      default:
        return HttpResponse.json({ title: "Not Found", type: "https://httpstatus.es/404", status: 404, detail: "Not Found" }, { status: 404 });
    }
  }),
];
