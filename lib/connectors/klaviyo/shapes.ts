// Klaviyo's JSON:API answers at revision 2026-07-15, reduced to the fields Signalboard reads. Every
// field is optional where Klaviyo documents it as nullable or where older objects lack it, so the
// transforms decide what a missing value means.

export type Ref<T extends string = string> = { type: T; id: string };

export type Resource<T extends string, A, R = Record<string, { data?: Ref | Ref[] | null }>> = {
  type: T;
  id: string;
  attributes: A;
  relationships?: R;
  links?: { self?: string };
};

export type JsonApiPage<D, I = never> = {
  data: D[];
  included?: I[];
  links?: { self?: string; next?: string | null; prev?: string | null };
};

export type KlaviyoAccount = Resource<"account", {
  test_account?: boolean;
  contact_information?: { organization_name?: string | null; default_sender_name?: string | null; website_url?: string | null };
  timezone?: string | null;
  preferred_currency?: string | null;
}>;

/** A campaign message's definition: which channel, and what the message says. */
export type CampaignMessageDefinition = {
  channel: "email" | "sms" | "mobile_push" | "whatsapp" | string;
  label?: string | null;
  content?: { subject?: string | null; preview_text?: string | null; body?: string | null; title?: string | null } | null;
};

export type KlaviyoCampaignMessage = Resource<"campaign-message", {
  definition?: CampaignMessageDefinition | null;
  send_times?: { datetime: string; is_local?: boolean }[] | null;
  created_at?: string | null;
  updated_at?: string | null;
}, { campaign?: { data?: Ref<"campaign"> | null }; template?: { data?: Ref<"template"> | null } }>;

export type KlaviyoCampaign = Resource<"campaign", {
  name: string;
  status: string;
  archived?: boolean;
  created_at?: string | null;
  scheduled_at?: string | null;
  updated_at?: string | null;
  send_time?: string | null;
}, { "campaign-messages"?: { data?: Ref<"campaign-message">[] }; tags?: { data?: Ref<"tag">[] } }>;

export type KlaviyoTag = Resource<"tag", { name: string }>;

/** A flow message, as a send action carries it. */
export type FlowMessageDefinition = {
  id?: string | null;
  name?: string | null;
  subject_line?: string | null;
  body?: string | null;
  title?: string | null;
  template_id?: string | null;
};

export type FlowActionDefinition = {
  id?: string | null;
  type: string;
  data?: { message?: FlowMessageDefinition | null; status?: string | null } | null;
};

export type KlaviyoFlowAction = Resource<"flow-action", {
  created?: string | null;
  updated?: string | null;
  definition?: FlowActionDefinition | null;
}>;

export type KlaviyoFlow = Resource<"flow", {
  name: string;
  status: string;
  archived?: boolean;
  created?: string | null;
  updated?: string | null;
  trigger_type?: string | null;
}, { "flow-actions"?: { data?: Ref<"flow-action">[] }; tags?: { data?: Ref<"tag">[] } }>;

export type KlaviyoMetric = Resource<"metric", {
  name: string;
  created?: string | null;
  updated?: string | null;
  integration?: { key?: string | null; name?: string | null; category?: string | null } | null;
}>;

export type KlaviyoProfile = Resource<"profile", {
  email?: string | null;
  phone_number?: string | null;
  external_id?: string | null;
}>;

export type KlaviyoEvent = Resource<"event", {
  timestamp?: number | null;
  datetime: string;
  uuid?: string | null;
  event_properties?: Record<string, unknown> | null;
}, { profile?: { data?: Ref<"profile"> | null }; metric?: { data?: Ref<"metric"> | null } }>;

export type CampaignsPage = JsonApiPage<KlaviyoCampaign, KlaviyoCampaignMessage | KlaviyoTag>;
export type FlowsPage = JsonApiPage<KlaviyoFlow, KlaviyoFlowAction | KlaviyoTag>;
export type MetricsPage = JsonApiPage<KlaviyoMetric>;
export type EventsPage = JsonApiPage<KlaviyoEvent, KlaviyoProfile | KlaviyoMetric>;
export type AccountsPage = JsonApiPage<KlaviyoAccount>;

/** One row of a campaign or flow values report: what it was grouped by, and the figures asked for. */
export type ValuesResult = { groupings: Record<string, string | null>; statistics: Record<string, number | null> };
export type ValuesReport = {
  data: { type: "campaign-values-report" | "flow-values-report"; attributes: { results: ValuesResult[] } };
  links?: { self?: string; next?: string | null };
};
