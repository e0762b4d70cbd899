import { describe, expect, it } from "vitest";
import { AD_PROVIDERS, adProvider, crmProvider, descriptor, isAdProvider, isProviderKey, missingEnv, PLATFORM_CHANNELS, PROVIDER_KEYS, PROVIDERS, providerLabel, providersOfFlow, providersOfKind, isStoreProvider, providersWithKeyPair, providersWithApiKey, ownedProvider } from "./registry";

describe("the provider registry", () => {
  it("tells stores and key-pair platforms apart from the others", () => {
    expect(providersWithKeyPair()).toEqual(["woocommerce"]);
    expect(providersWithApiKey()).toEqual(["klaviyo"]);
    expect(["shopify", "woocommerce", "google_ads", "import", "nope"].map(isStoreProvider)).toEqual([true, true, false, false, false]);
  });

  it("knows every provider the product connects, and nothing else", () => {
    expect([...PROVIDER_KEYS].sort()).toEqual(["amocrm", "bitrix24", "douyin", "google_ads", "google_analytics", "hubspot", "import", "klaviyo", "meta_ads", "shopify", "tiktok_ads", "woocommerce"]);
    expect(PROVIDER_KEYS.every(isProviderKey)).toBe(true);
    expect(isProviderKey("toString")).toBe(false);
  });

  it("gives every ads and analytics provider an OAuth flow, its env vars and an API that answers to its key", async () => {
    expect(AD_PROVIDERS).toEqual(providersOfKind("ads", "analytics"));
    for (const key of AD_PROVIDERS) {
      const entry = descriptor(key);
      expect(entry.flow, key).not.toBeNull();
      expect(entry.env.length, key).toBeGreaterThan(0);
      expect(entry.historyDays, key).toBeGreaterThan(0);
      expect((await adProvider(key)).provider).toBe(key);
    }
    expect(isAdProvider("shopify")).toBe(false);
    await expect(adProvider("shopify" as never)).rejects.toMatchObject({ kind: "bad_request" });
  });

  it("loads a CRM's API for CRMs only, and says what their connect form asks for", async () => {
    expect(providersOfKind("crm")).toEqual(["hubspot", "bitrix24", "amocrm"]);
    expect(typeof (await crmProvider("hubspot"))?.connectWithSecret).toBe("function");
    expect(typeof (await crmProvider("bitrix24"))?.connectWithSecret).toBe("function");
    // AmoCRM is connected by signing in: its flow exchanges the callback's code.
    expect(PROVIDERS.amocrm.flow).toBe("amocrm");
    expect(typeof (await crmProvider("amocrm"))?.connectWithCode).toBe("function");
    expect(await crmProvider("shopify")).toBeNull();
    expect(await crmProvider("nope")).toBeNull();
    expect(PROVIDERS.hubspot.pastedSecret.field).toBe("token");
    expect(PROVIDERS.bitrix24.pastedSecret.field).toBe("webhookUrl");
  });

  it("loads a messaging platform's API with its key check, and none for other kinds", async () => {
    expect(providersOfKind("messaging")).toEqual(["klaviyo"]);
    expect(typeof (await ownedProvider("klaviyo"))?.connectWithKey).toBe("function");
    expect(await ownedProvider("shopify")).toBeNull();
    expect(await ownedProvider("nope")).toBeNull();
  });

  it("derives flows, channels and labels from the entries", () => {
    expect(providersOfFlow("google")).toEqual(["google_ads", "google_analytics"]);
    expect(providersOfFlow("meta")).toEqual(["meta_ads"]);
    expect(PLATFORM_CHANNELS).toEqual({ google_ads: "google", meta_ads: "facebook", tiktok_ads: "tiktok", douyin: "douyin" });
    expect(providerLabel("google_analytics")).toBe("Google Analytics");
    expect(providerLabel("retired_platform")).toBe("retired_platform");
    expect(PROVIDERS.meta_ads.historyDays).toBe(1125);
  });

  it("names the variables an operator still has to set", () => {
    const saved = { id: process.env.TIKTOK_APP_ID, secret: process.env.TIKTOK_APP_SECRET };
    try {
      process.env.TIKTOK_APP_ID = "app";
      delete process.env.TIKTOK_APP_SECRET;
      expect(missingEnv("tiktok_ads")).toEqual(["TIKTOK_APP_SECRET"]);
    } finally {
      if (saved.id === undefined) delete process.env.TIKTOK_APP_ID;
      else process.env.TIKTOK_APP_ID = saved.id;
      if (saved.secret !== undefined) process.env.TIKTOK_APP_SECRET = saved.secret;
    }
  });
});
