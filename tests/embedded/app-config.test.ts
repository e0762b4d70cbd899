import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SHOPIFY_API_VERSION } from "@/lib/connectors/shopify/api-version";
import { SHOPIFY_SCOPES } from "@/lib/connectors/shopify/oauth/config";
import { CALLBACK_PATH } from "@/lib/connectors/shopify/oauth/begin";
import { COMPLIANCE_TOPICS, isShopifyWebhookTopic } from "@/lib/connectors/shopify/webhooks/verify";
import { PIXEL_SETTINGS_FIELDS } from "@/lib/embedded/pixel-graphql";

// shopify.app.toml is read by the Shopify CLI, not by the app: these checks keep it saying what
// the server does (its scopes, API version, routes and the topics the webhook route accepts).

const toml = readFileSync(path.join(process.cwd(), "shopify.app.toml"), "utf8");
const value = (key: string) => new RegExp(`^\\s*${key}\\s*=\\s*(.+)$`, "m").exec(toml)?.[1]?.trim();
const list = (text: string) => [...text.matchAll(/"([^"]+)"/g)].map((m) => m[1]!);

describe("shopify.app.toml", () => {
  it("is an embedded app opening /embedded, with the standalone callback still allowed", () => {
    expect(value("embedded")).toBe("true");
    expect(value("application_url")).toMatch(/^"https:\/\/[^"]+\/embedded"$/);
    expect(list(value("redirect_urls")!)).toEqual([expect.stringMatching(new RegExp(`^https://[^/]+${CALLBACK_PATH}$`))]);
    expect(value("use_legacy_install_flow")).toBe("false");
  });

  it("asks for the scopes the server uses, at the server's API version", () => {
    const scopes = list(value("scopes")!)[0]!.split(",");
    expect(scopes).toEqual([...SHOPIFY_SCOPES]);
    // webPixelCreate and webPixelUpdate need both.
    expect(scopes).toEqual(expect.arrayContaining(["write_pixels", "read_customer_events"]));
    expect(value("api_version")).toBe(`"${SHOPIFY_API_VERSION}"`);
  });

  it("subscribes to uninstall, app subscriptions and every compliance topic at the webhook route", () => {
    expect(list(value("compliance_topics")!).sort()).toEqual([...COMPLIANCE_TOPICS].sort());
    const topics = list(value("topics")!);
    expect(topics).toEqual(["app/uninstalled", "app_subscriptions/update"]);
    for (const topic of topics) expect(isShopifyWebhookTopic(topic)).toBe(true);
    for (const uri of [...toml.matchAll(/^\s*uri\s*=\s*"([^"]+)"/gm)].map((m) => m[1])) expect(uri).toMatch(/^https:\/\/[^/]+\/api\/webhooks\/shopify$/);
  });
});

describe("the web pixel extension", () => {
  const extension = readFileSync(path.join(process.cwd(), "extensions/signalboard-pixel/shopify.extension.toml"), "utf8");

  it("declares exactly the settings fields the app's webPixelCreate sends, as text", () => {
    const fields = [...extension.matchAll(/^\[settings\.fields\.([A-Za-z]+)\]\s*\n([^[]*)/gm)];
    expect(fields.map((m) => m[1]).sort()).toEqual([...PIXEL_SETTINGS_FIELDS].sort());
    for (const field of fields) expect(field[2]).toMatch(/^type = "single_line_text_field"$/m);
    expect(extension).toMatch(/^type = "web_pixel_extension"$/m);
  });
});
