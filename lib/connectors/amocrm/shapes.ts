// AmoCRM (Kommo) API v4 answers as documented (amocrm.ru/developers, developers.kommo.com: OAuth
// 2.0, account, leads, pipelines and statuses, contacts), only the fields Signalboard reads.
// Times are Unix seconds; an empty list is answered 204 with no body.

export type AmoLink = { href: string };

export type AmoTokens = { token_type: string; expires_in: number; access_token: string; refresh_token: string };

export type AmoAccount = {
  id: number;
  name: string;
  subdomain: string;
  country?: string | null;
  currency?: string | null;
  currency_symbol?: string | null;
  _embedded?: { datetime_settings?: { timezone?: string | null } };
};

export type AmoStatus = { id: number; name: string; sort: number; pipeline_id: number; type?: number; is_editable?: boolean };

export type AmoPipeline = {
  id: number;
  name: string;
  sort: number;
  is_main?: boolean;
  is_archive?: boolean;
  _embedded: { statuses: AmoStatus[] };
};

export type AmoPipelines = { _total_items?: number; _embedded: { pipelines: AmoPipeline[] } };

export type AmoFieldValue = { field_id: number; field_name?: string; field_code: string | null; field_type?: string; values: { value: unknown; enum_code?: string | null }[] };

export type AmoLead = {
  id: number;
  name: string | null;
  price: number | null;
  responsible_user_id: number | null;
  status_id: number;
  pipeline_id: number;
  created_at: number;
  updated_at: number;
  closed_at: number | null;
  is_deleted?: boolean;
  custom_fields_values: AmoFieldValue[] | null;
  _embedded?: { contacts?: { id: number; is_main?: boolean }[] };
};

export type AmoPage<K extends string, T> = { _page?: number; _links?: { self?: AmoLink; next?: AmoLink }; _embedded: Record<K, T[]> };

export type AmoContact = { id: number; created_at: number; updated_at: number; custom_fields_values: AmoFieldValue[] | null };

/** A lead's move between statuses, from the events list (type lead_status_changed). */
export type AmoEvent = {
  id: string;
  type: string;
  entity_id: number;
  entity_type: string;
  created_at: number;
  value_after: { lead_status?: { id: number; pipeline_id: number } }[];
};

/** Errors arrive as problem+json; the OAuth endpoint adds a `hint`. */
export type AmoProblem = { title?: string; type?: string; status?: number; detail?: string; hint?: string };
