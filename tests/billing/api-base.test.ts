import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { listInvoices } from "@/lib/billing/invoices";

// STRIPE_API_BASE points the Stripe client at a stand-in (the billing e2e's); unset, it is Stripe.
const seen: string[] = [];
const server = setupServer(
  http.get("http://localhost:4999/v1/invoices", ({ request }) => {
    seen.push(request.url);
    return HttpResponse.json({ object: "list", url: "/v1/invoices", has_more: false, data: [] });
  }),
  http.get("https://api.stripe.com/v1/invoices", ({ request }) => {
    seen.push(request.url);
    return HttpResponse.json({ object: "list", url: "/v1/invoices", has_more: false, data: [] });
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  vi.unstubAllEnvs();
  seen.length = 0;
});
afterAll(() => server.close());

describe("STRIPE_API_BASE", () => {
  it("sends Stripe calls to the address it names, and to Stripe without it", async () => {
    vi.stubEnv("STRIPE_SECRET_KEY", "sk_test_base");
    vi.stubEnv("STRIPE_API_BASE", "http://localhost:4999");
    expect(await listInvoices("cus_base")).toEqual({ ok: true, invoices: [] });
    vi.stubEnv("STRIPE_API_BASE", "");
    expect(await listInvoices("cus_base")).toEqual({ ok: true, invoices: [] });
    expect(seen.map((u) => new URL(u).origin)).toEqual(["http://localhost:4999", "https://api.stripe.com"]);
  });
});
