import type { ProviderKind } from "@/lib/connectors/registry";
import type { SyncEngine } from "@/lib/sync/engine-contract";

// Which engine syncs each kind of connection. lib/sync runs, checkpoints and retries runs without
// knowing any engine; each engine is loaded here on first use. A new kind of provider that syncs
// adds its engine here (the type makes a missing kind a compile error).

export const SYNC_ENGINES: Record<ProviderKind, (() => Promise<SyncEngine>) | null> = {
  store: async () => (await import("@/lib/stores/runner")).storeEngine,
  ads: async () => (await import("@/lib/ads/runner")).adEngine,
  analytics: async () => (await import("@/lib/ads/runner")).adEngine,
  crm: async () => (await import("@/lib/crm/engine")).crmEngine,
  messaging: async () => (await import("@/lib/owned/sync/engine")).ownedEngine,
  // Uploaded data has nothing to pull.
  import: null,
};
