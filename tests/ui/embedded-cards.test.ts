import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { callEmbeddedApi, dollars } from "@/components/embedded/embedded-api";
import { ShopifyBillingCard } from "@/components/embedded/shopify-billing-card";
import { WebPixelCard } from "@/components/embedded/web-pixel-card";
import type { EmbeddedBilling } from "@/lib/embedded/billing";
import type { PixelStatus } from "@/lib/embedded/pixel";
import { pageText } from "../helpers";

const pixel = (state: PixelStatus["state"]): PixelStatus => ({
  active: state === "active",
  state,
  activatedAt: null,
  writeKey: null,
  endpoint: "https://app.example/api/v1/track",
  message: `message for ${state}`,
});

const billing = (over: Partial<Extract<EmbeddedBilling, { enabled: true }>> = {}): EmbeddedBilling => ({
  enabled: true,
  provider: { id: "shopify", label: "Shopify" },
  plan: { id: "growth", name: "Growth" },
  status: "trialing",
  trialDaysLeft: 9,
  readOnly: false,
  mayChange: true,
  plans: [{ id: "growth", name: "Growth", priceCents: { monthly: 4900, yearly: 49000 }, currency: "USD" }],
  message: "Billed through Shopify.",
  ...over,
});

const text = (element: Parameters<typeof renderToStaticMarkup>[0]) => pageText(renderToStaticMarkup(element));

describe("the embedded app's web pixel card", () => {
  it("says whether the pixel is on and offers the matching button", () => {
    expect(text(createElement(WebPixelCard, { initial: pixel("not_activated") }))).toMatch(/Off.*message for not_activated.*Turn on the web pixel/);
    expect(text(createElement(WebPixelCard, { initial: pixel("active") }))).toMatch(/On.*Update the pixel/);
    expect(text(createElement(WebPixelCard, { initial: pixel("key_revoked") }))).toMatch(/Off: key revoked.*Turn on the web pixel/);
  });
});

describe("the embedded app's billing card", () => {
  it("shows the provider, the trial and, to owners, Shopify's prices", () => {
    const owner = text(createElement(ShopifyBillingCard, { initial: billing() }));
    expect(owner).toMatch(/Growth.*Trial, 9 days left.*Billed through\s*Shopify/);
    expect(owner).toContain("$49 a month");
    expect(owner).toContain("$490 a year");
    const member = text(createElement(ShopifyBillingCard, { initial: billing({ mayChange: false }) }));
    expect(member).not.toContain("$49 a month");
    expect(member).toContain("Only the workspace's owners can change its plan.");
    const stripe = text(createElement(ShopifyBillingCard, { initial: billing({ provider: { id: "stripe", label: "Stripe" }, mayChange: false, plans: [], message: "Billed through Stripe." }) }));
    expect(stripe).toMatch(/Billed through\s*Stripe/);
    expect(stripe).not.toContain("owners can change");
  });
});

describe("callEmbeddedApi", () => {
  it("hands back the body, the API's own error message, or says Signalboard did not answer", async () => {
    const json = (status: number, body: unknown) => async () => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
    expect(await callEmbeddedApi(json(200, { active: true }), "/x")).toEqual({ ok: true, body: { active: true } });
    expect(await callEmbeddedApi(json(409, { error: { message: "Shopify refused the web pixel: No extension found." } }), "/x", { method: "POST" })).toEqual({ ok: false, message: "Shopify refused the web pixel: No extension found." });
    expect(await callEmbeddedApi(async () => new Response("<html>", { status: 502 }), "/x")).toMatchObject({ ok: false, message: expect.stringContaining("did not answer") });
    expect(await callEmbeddedApi(async () => Promise.reject(new TypeError("offline")), "/x")).toMatchObject({ ok: false });
    expect([dollars(4900), dollars(199000), dollars(4950)]).toEqual(["$49", "$1,990", "$49.50"]);
  });

  it("sends a body as JSON with its content type", async () => {
    const seen: RequestInit[] = [];
    await callEmbeddedApi(async (_path, init) => (seen.push(init!), new Response("{}")), "/x", { method: "POST", body: { plan: "growth" } });
    expect(seen[0]).toMatchObject({ method: "POST", headers: { "content-type": "application/json" }, body: '{"plan":"growth"}' });
  });
});
