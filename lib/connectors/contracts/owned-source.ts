import type { BlockedSendFact, EngagementFact, MessageTotalsFact, OwnedCatalog, SendFact } from "./owned-facts";

// What a messaging platform gives the owned-channel sync engine: its catalog of programs and
// messages (small enough to read whole every run), per-recipient events in pages over a time
// window, and its own totals per message. Connected by pasting a private API key, which the
// provider checks before anything is stored.

/** Where one read of events resumes: opaque to the engine, saved in the run's checkpoint. */
export type EventWindow = { from: Date; to: Date; cursor: string | null };

export type EventsBatch = {
  sends: SendFact[];
  engagements: EngagementFact[];
  /** Sends the platform stopped (counted as blocked, by reason). */
  blocked: BlockedSendFact[];
  /** Events read, whatever became of them. */
  read: number;
  /** Events left out, by why. */
  skipped: Record<string, number>;
  /** Null once the window has been read to its end. */
  nextCursor: string | null;
};

export type OwnedSource = {
  catalog(): Promise<OwnedCatalog>;
  /** The next page of the window's events (sends before what recipients did with them). */
  events(window: EventWindow, catalog: OwnedCatalog): Promise<EventsBatch>;
  /** The platform's own totals per message over a period (at most a year); rate-limited, so asked for rarely. */
  totals(range: { from: Date; to: Date }, catalog: OwnedCatalog): Promise<MessageTotalsFact[]>;
};

export type OwnedConnectionView = { workspaceId: string; connectionId: string; externalAccountId: string; credentials: unknown };

/**
 * A messaging account connected by a pasted private API key: the provider checks the key with a
 * cheap call (throwing a field error naming the problem) and says what to keep. Nothing is stored
 * before it returns.
 */
export type ApiKeyConnect = (input: Record<string, unknown>) => Promise<{
  externalAccountId: string;
  displayName: string;
  timeZone: string;
  currency: string;
  /** Sealed by the caller. */
  credentials: unknown;
  scopes: string[];
}>;

export type OwnedSourceProvider = {
  source(connection: OwnedConnectionView): Promise<OwnedSource>;
  connectWithKey: ApiKeyConnect;
};
