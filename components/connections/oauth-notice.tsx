import { PROVIDERS, isProviderKey } from "@/lib/connectors/registry";
import { Notice } from "@/components/ui/notice";

/** What came of a trip to a platform's consent screen, from the query the callback sent the browser back with. */
export function OAuthNotice({ outcome, provider }: { outcome: unknown; provider: unknown }) {
  const label = typeof provider === "string" && isProviderKey(provider) ? PROVIDERS[provider].label : "The platform";
  if (outcome === "denied") {
    return <Notice tone="error">{`You declined access when signing in to ${label}, so nothing was connected. Connect again and allow access to sync its data.`}</Notice>;
  }
  if (outcome === "failed") return <Notice tone="error">{`${label} did not complete the sign-in, so nothing was connected. Please try again.`}</Notice>;
  if (outcome === "reconnected") return <Notice tone="success">{`${label} is reconnected. Syncing resumes now.`}</Notice>;
  if (outcome === "connected") return <Notice tone="success">{`${label} is connected. Its history is loading now.`}</Notice>;
  return null;
}
