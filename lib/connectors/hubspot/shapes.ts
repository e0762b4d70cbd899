// HubSpot's CRM v3 answers as documented (developers.hubspot.com: CRM objects, pipelines,
// account info), only the fields Signalboard reads. Every property value arrives as a string.

export type HsPipelines = {
  results: {
    id: string;
    label: string;
    displayOrder: number;
    archived?: boolean;
    stages: { id: string; label: string; displayOrder: number; archived?: boolean; metadata: { isClosed?: string; probability?: string } }[];
  }[];
};

export type HsHistoryEntry = { value: string; timestamp: string; sourceType?: string; sourceId?: string };

export type HsDeal = {
  id: string;
  properties: Record<string, string | null | undefined>;
  propertiesWithHistory?: Record<string, HsHistoryEntry[] | undefined>;
  associations?: { contacts?: { results: { id: string; type?: string }[] } };
  createdAt: string;
  updatedAt: string;
  archived?: boolean;
};

export type HsDealsPage = { results: HsDeal[]; paging?: { next?: { after: string; link?: string } } };

export type HsContact = { id: string; properties: Record<string, string | null | undefined>; createdAt: string; updatedAt: string; archived?: boolean };

export type HsContactsBatch = { status: string; results: HsContact[] };

export type HsAccountDetails = { portalId: number; timeZone?: string; companyCurrency?: string; uiDomain?: string; accountType?: string };

export type HsError = { status?: string; message?: string; category?: string; errorType?: string; policyName?: string; correlationId?: string };
