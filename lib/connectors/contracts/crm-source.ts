// What a CRM provider hands the CRM engine (lib/crm): its pipelines' stages, and deals page by
// page with the contacts they name. Facts are as the CRM reports them; checking them (amount,
// currency, stage) and storing them is the engine's work, the same for every CRM.

export type CrmOutcome = "open" | "won" | "lost";

export type CrmStageFact = {
  pipelineId: string;
  pipelineLabel: string;
  stageId: string;
  label: string;
  /** The stage's place in its pipeline (0 first). */
  position: number;
  /** What a deal standing in this stage is. */
  outcome: CrmOutcome;
};

export type CrmContactFact = {
  externalId: bigint;
  /** Plain text here; the engine seals it and keeps a keyed hash beside it. */
  email: string | null;
  phone: string | null;
  createdAt: Date;
  updatedAt: Date;
};

export type CrmDealFact = {
  externalId: string;
  name: string;
  /** The value as the CRM writes it ("1500.00"), null when the deal has none. */
  amount: string | null;
  /** ISO 4217 code; null when the CRM gives none (the account's currency then applies). */
  currency: string | null;
  pipelineId: string;
  stageId: string;
  ownerId: string | null;
  /** The CRM's own words for the deal's origin, and those mapped to the channel vocabulary. */
  source: string | null;
  channel: string;
  contactId: bigint | null;
  createdAt: Date;
  closedAt: Date | null;
  updatedAt: Date;
  /** Stages entered, oldest first, where the CRM keeps that history; empty where it does not. */
  stageHistory: { stageId: string; enteredAt: Date }[];
};

export type CrmPage = { deals: CrmDealFact[]; contacts: CrmContactFact[]; next: string | null };

export interface CrmSource {
  stages(): Promise<CrmStageFact[]>;
  /** One page of deals from `after` (null: the first), with the contacts they name. */
  deals(after: string | null): Promise<CrmPage>;
}

/** The account a pasted credential opens, as the connection records it. */
export type CheckedCrmAccount = {
  externalAccountId: string;
  displayName: string;
  timeZone: string | null;
  currency: string | null;
  /** Stored sealed. */
  credentials: Record<string, unknown>;
  scopes: string[];
};

export type CrmConnectionView = {
  externalAccountId: string;
  currency: string | null;
  credentials: unknown;
  /**
   * Stores credentials the CRM renewed during a run (AmoCRM hands out a new refresh token with
   * every access token, and the old one stops working), sealed like the first ones.
   */
  saveCredentials?: (credentials: Record<string, unknown>) => Promise<void>;
};

export interface CrmProvider {
  source(connection: CrmConnectionView): CrmSource;
  /** Checks a pasted credential (a private app token, a webhook URL) against the CRM. */
  connectWithSecret(input: Record<string, unknown>): Promise<CheckedCrmAccount>;
  /** For CRMs connected by OAuth: the callback's code exchanged, and the account it opens. */
  connectWithCode?(input: { code: string; referer: string | null; redirectUri: string }): Promise<CheckedCrmAccount>;
}
