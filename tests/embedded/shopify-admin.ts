import { http, HttpResponse } from "msw";

// A stand-in for a shop's Admin GraphQL API, as far as the app's web pixel and billing use it,
// answering with the documented shapes: webPixelCreate / webPixelUpdate payloads with
// ErrorsWebPixelUserError codes (TAKEN, NOT_FOUND, NO_EXTENSION...), the app's webPixel,
// appSubscriptionCreate's confirmationUrl, currentAppInstallation.activeSubscriptions, and a
// missing scope as a top-level ACCESS_DENIED error beside null data.

export type StandInSubscription = { id: string; name: string; status: string; test: boolean; trialDays: number; createdAt: string; currentPeriodEnd: string | null };
type Call = { host: string; operation: string; variables: Record<string, unknown>; accessToken: string | null };
type Exchange = { host: string; body: Record<string, string> };

/** The staff member a session token names (its sub), read without checking it: the stand-in trusts the app. */
const subOf = (jwt: string) => String((JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString()) as { sub?: unknown }).sub ?? "");

export function shopifyAdminStandIn() {
  const calls: Call[] = [];
  const pixels = new Map<string, { id: string; settings: string }>();
  const pixelRefusals = new Map<string, { code: string; message: string }>();
  const deniedHosts = new Set<string>();
  const subscriptions = new Map<string, StandInSubscription[]>();
  const exchanges: Exchange[] = [];
  /** Hosts whose token exchange Shopify refuses (invalid_subject_token), and staff ids it answers for instead. */
  const refusedExchanges = new Set<string>();
  const answerAs = new Map<string, string>();
  let nextId = 1000;

  // The token endpoint's online-access-token exchange, answered in Shopify's documented shape.
  const tokenHandler = http.post("https://:host/admin/oauth/access_token", async ({ request, params }) => {
    const host = String(params.host);
    const text = await request.text();
    const json = (text.startsWith("{") ? JSON.parse(text) : Object.fromEntries(new URLSearchParams(text))) as Record<string, string>;
    exchanges.push({ host, body: json });
    if (refusedExchanges.has(host)) return HttpResponse.json({ error: "invalid_subject_token", error_description: "Session token is invalid." }, { status: 400 });
    if (json.requested_token_type !== "urn:shopify:params:oauth:token-type:online-access-token") return HttpResponse.json({ error: "unsupported" }, { status: 400 });
    const id = answerAs.get(host) ?? subOf(json.subject_token ?? "");
    return HttpResponse.json({
      access_token: `shpua_${nextId++}`,
      scope: "read_orders,read_customers,write_pixels",
      expires_in: 86399,
      associated_user_scope: "read_orders",
      associated_user: { id: Number(id), first_name: "Sam", last_name: "Staff", email: "sam@example.com", email_verified: true, account_owner: true, locale: "en", collaborator: false },
    });
  });

  const pixelPayload = (host: string) => ({ userErrors: [], webPixel: pixels.get(host)! });
  const userError = (field: string[], message: string, code: string) => ({ userErrors: [{ field, message, code }], webPixel: null });

  const handler = http.post("https://:host/admin/api/:version/graphql.json", async ({ request, params }) => {
    const host = String(params.host);
    const body = (await request.json()) as { query: string; variables?: Record<string, unknown>; operationName?: string };
    const operation = body.operationName ?? "anonymous";
    const variables = body.variables ?? {};
    calls.push({ host, operation, variables, accessToken: request.headers.get("x-shopify-access-token") });
    if (deniedHosts.has(host) && operation.startsWith("WebPixel")) {
      const field = operation === "WebPixelCreate" ? "webPixelCreate" : "webPixelUpdate";
      return HttpResponse.json({
        errors: [{ message: `Access denied for ${field} field. Required access: \`write_pixels\` access scope.`, locations: [{ line: 2, column: 3 }], path: [field], extensions: { code: "ACCESS_DENIED", documentation: "https://shopify.dev/api/usage/access-scopes" } }],
        data: { [field]: null },
      });
    }
    switch (operation) {
      case "ShopDomains":
        return HttpResponse.json({ data: { shop: { myshopifyDomain: host, primaryDomain: { url: `https://www.${host.replace(".myshopify.com", "")}.example` } } } });
      case "WebPixelCreate": {
        const refusal = pixelRefusals.get(host);
        if (refusal) return HttpResponse.json({ data: { webPixelCreate: userError(["webPixel"], refusal.message, refusal.code) } });
        if (pixels.has(host)) return HttpResponse.json({ data: { webPixelCreate: userError(["webPixel"], "Web pixel is taken.", "TAKEN") } });
        const settings = (variables.webPixel as { settings: string }).settings;
        pixels.set(host, { id: `gid://shopify/WebPixel/${nextId++}`, settings });
        return HttpResponse.json({ data: { webPixelCreate: pixelPayload(host) } });
      }
      case "WebPixelUpdate": {
        const existing = pixels.get(host);
        if (!existing || existing.id !== variables.id) return HttpResponse.json({ data: { webPixelUpdate: userError(["id"], "Web pixel not found", "NOT_FOUND") } });
        existing.settings = (variables.webPixel as { settings: string }).settings;
        return HttpResponse.json({ data: { webPixelUpdate: pixelPayload(host) } });
      }
      case "AppWebPixel":
        return HttpResponse.json({ data: { webPixel: pixels.get(host) ?? null } });
      case "AppSubscriptionCreate": {
        const id = `gid://shopify/AppSubscription/${nextId++}`;
        const charge = id.split("/").pop();
        return HttpResponse.json({
          data: {
            appSubscriptionCreate: {
              userErrors: [],
              appSubscription: { id, status: "PENDING" },
              confirmationUrl: `https://${host}/admin/charges/signalboard/${charge}/RecurringApplicationCharge/confirm_recurring_application_charge?signature=test`,
            },
          },
        });
      }
      case "ActiveSubscriptions":
        return HttpResponse.json({ data: { currentAppInstallation: { activeSubscriptions: subscriptions.get(host) ?? [] } } });
      default:
        return HttpResponse.json({ errors: [{ message: `The stand-in does not know ${operation}` }] }, { status: 400 });
    }
  });

  return {
    handler,
    tokenHandler,
    exchanges,
    refusedExchanges,
    answerAs,
    calls,
    pixels,
    pixelRefusals,
    deniedHosts,
    subscriptions,
    callsTo: (host: string, operation?: string) => calls.filter((c) => c.host === host && (!operation || c.operation === operation)),
  };
}
