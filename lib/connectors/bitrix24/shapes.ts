// Bitrix24 REST answers as documented (apidocs.bitrix24.com: crm.category.list, crm.status.list,
// crm.deal.list, crm.contact.list, crm.stagehistory.list, crm.currency.base.get), only the fields
// Signalboard reads. Ids and amounts arrive as strings; list methods page 50 at a time with `next`.

export type B24List<T> = { result: T[]; next?: number; total?: number };

export type B24Category = { id: number; name: string; sort: number; entityTypeId: number; isDefault: "Y" | "N" };

export type B24Categories = { result: { categories: B24Category[] }; total?: number };

/** A directory item; a deal stage's SEMANTICS is "S" (won), "F" (lost) or null (in progress). */
export type B24Status = {
  ID: string;
  ENTITY_ID: string;
  STATUS_ID: string;
  NAME: string;
  SORT: string;
  CATEGORY_ID: string | null;
  SEMANTICS: "S" | "F" | null;
};

export type B24Deal = {
  ID: string;
  TITLE: string | null;
  CATEGORY_ID: string | null;
  STAGE_ID: string | null;
  STAGE_SEMANTIC_ID?: string | null;
  CURRENCY_ID: string | null;
  OPPORTUNITY: string | null;
  CONTACT_ID: string | null;
  ASSIGNED_BY_ID: string | null;
  DATE_CREATE: string;
  DATE_MODIFY: string | null;
  CLOSEDATE: string | null;
  CLOSED: "Y" | "N" | null;
  SOURCE_ID: string | null;
  UTM_SOURCE: string | null;
};

export type B24MultiField = { ID: string; VALUE_TYPE: string; VALUE: string; TYPE_ID: string };

export type B24Contact = {
  ID: string;
  DATE_CREATE: string;
  DATE_MODIFY?: string | null;
  EMAIL?: B24MultiField[];
  PHONE?: B24MultiField[];
};

/** One move of a deal: TYPE_ID 1 created, 2 to an intermediate stage, 3 to a final one, 5 to another funnel. */
export type B24StageMove = {
  ID: number;
  TYPE_ID: number;
  OWNER_ID: number;
  CREATED_TIME: string;
  CATEGORY_ID: number;
  STAGE_SEMANTIC_ID: string;
  STAGE_ID: string;
};

export type B24StageHistory = { result: { items: B24StageMove[] }; next?: number; total?: number };

export type B24Error = { error?: string | number; error_description?: string };
