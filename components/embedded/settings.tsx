"use client";

import { embeddedFetch } from "./app-bridge";
import { WithSession } from "./session";
import { ShopifyBillingCard } from "./shopify-billing-card";
import { EmbeddedPage } from "./shell";
import { WebPixelCard } from "./web-pixel-card";

// The admin-only corners of the embedded app: the store's web pixel and the plan Shopify bills.

const placeholder = <div className="embedded-card embedded-placeholder h-32" aria-hidden />;

export function EmbeddedTrackingView() {
  return (
    <EmbeddedPage title="Tracking">
      <WithSession placeholder={placeholder}>
        {() => (
          <div className="space-y-3">
            <WebPixelCard fetchImpl={embeddedFetch} />
            <p className="text-sm text-[#616161]">
              The web pixel sends your storefront&apos;s page views, cart and checkout events to Signalboard, so orders can be matched to the visits and campaigns that led to them.
            </p>
          </div>
        )}
      </WithSession>
    </EmbeddedPage>
  );
}

/** `returning`: Shopify sent the merchant back from its confirmation page, so what was approved is applied. */
export function EmbeddedBillingView({ returning }: { returning: boolean }) {
  return (
    <EmbeddedPage title="Billing">
      <WithSession placeholder={placeholder}>{() => <ShopifyBillingCard fetchImpl={embeddedFetch} confirmOnLoad={returning} />}</WithSession>
    </EmbeddedPage>
  );
}
