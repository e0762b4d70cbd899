import type { Metadata } from "next";
import { connection } from "next/server";
import { APP_BRIDGE_SRC } from "@/components/embedded/app-bridge";
import { POLARIS_SRC } from "@/components/embedded/polaris-src";
import { EmbeddedSessionProvider } from "@/components/embedded/session";
import "./embedded.css";

// The document the Shopify admin frames. App Bridge comes from Shopify's CDN (never bundled: it
// keeps itself current) with the app's client id in the shopify-api-key meta tag. Next.js owns
// the <head>, so the script is the first element of the page, before any of the app's content,
// and parser-blocking (no async or defer) as Shopify requires: nothing of the app runs before it.
// Polaris's web components come from the CDN too, but asynchronously: the views draw their plain
// fallback until its elements are defined, so the first figures never wait for its download.
// The page's frame-ancestors (the shop's admin only) come from next.config.ts.

export const metadata: Metadata = { title: "Signalboard", robots: { index: false } };

export default async function EmbeddedLayout({ children }: { children: React.ReactNode }) {
  // The client id is read when the page is served, not when it was built.
  await connection();
  const apiKey = process.env.SHOPIFY_API_KEY?.trim() ?? "";
  return (
    <>
      <meta name="shopify-api-key" content={apiKey} />
      {/* eslint-disable-next-line @next/next/no-sync-scripts -- App Bridge must load before the app, and must not be async or deferred. */}
      <script src={APP_BRIDGE_SRC} />
      <script src={POLARIS_SRC} async />
      <div className="embedded-root">
        <EmbeddedSessionProvider>{children}</EmbeddedSessionProvider>
      </div>
    </>
  );
}
