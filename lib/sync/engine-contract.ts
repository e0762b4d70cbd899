import type { AdSourceProvider } from "@/lib/connectors/contracts/ad-source";
import type { CrmSource } from "@/lib/connectors/contracts/crm-source";
import type { OwnedSource } from "@/lib/connectors/contracts/owned-source";
import type { StoreSource } from "@/lib/connectors/contracts/store-source";
import type { SyncScope } from "./scope";

// What a sync engine (the store engine, the ad engine) gives the generic run machinery: an optional
// preparation before the first slice, and bounded slices that each commit their own checkpoint.

export type SliceResult = { done: boolean; waitMs?: number };

/** How much one slice may do: pages of a paged read, batches of a bulk export, windows of ad days. */
export type SliceBudget = { pages?: number; batches?: number; batchSize?: number; windows?: number };

/** Stand-ins for the platform, for tests and benchmarks: each engine takes the one it understands. */
export type RunOverrides = { source?: StoreSource; adProvider?: AdSourceProvider; crm?: CrmSource; ownedSource?: OwnedSource };

export type SyncEngine = {
  /** Runs once, before the first slice of a run (a store's backfill records the shop's name and zone). */
  prepare?(scope: SyncScope, runId: string, overrides: RunOverrides): Promise<void>;
  slice(scope: SyncScope, runId: string, budget: SliceBudget, overrides: RunOverrides): Promise<SliceResult>;
};
