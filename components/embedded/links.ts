"use client";

import { useSearchParams } from "next/navigation";

// Shopify opens the app with ?shop=...&host=...; links inside it keep both, so a reload or a
// copied link opens the same shop (and its frame-ancestors) again.
const KEPT = ["shop", "host", "embedded"] as const;

export function useEmbeddedHref(): (path: string, extra?: Record<string, string>) => string {
  const params = useSearchParams();
  return (path, extra = {}) => {
    const query = new URLSearchParams();
    for (const key of KEPT) {
      const value = params.get(key);
      if (value) query.set(key, value);
    }
    for (const [key, value] of Object.entries(extra)) query.set(key, value);
    const text = query.toString();
    return text ? `${path}?${text}` : path;
  };
}
