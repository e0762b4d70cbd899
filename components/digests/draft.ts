import type { Basis, TSchedule } from "@/lib/digests/schedule";
import type { SectionType } from "@/lib/digests/sections";
import type { ConditionOp, TTemplate } from "@/lib/digests/template";

// The digest editor's form state and the API body it stands for. Text fields stay strings while
// the user types; the body leaves out what is blank, so a destination's template inherits the
// default's fields it does not fill in, and the server's validation names whatever is wrong.

/** As typed, before the server checks metric ids and numbers. */
type SectionInput = { type: SectionType; metrics?: string[]; limit?: number | string };
export type TemplateInput = Omit<TTemplate, "conditions"> & { conditions?: { metric: string; op: ConditionOp; than: string | number }[] };

export type DigestBody = {
  name: string;
  schedule: TSchedule;
  basis: Basis;
  time_zone: string | null;
  sections: SectionInput[];
  destination_ids: string[];
  template: { default: TemplateInput; destinations: Record<string, TemplateInput> };
  enabled: boolean;
  personal?: boolean;
};

export type ScheduleKind = TSchedule["kind"];
export const SCHEDULE_KINDS: { value: ScheduleKind; label: string }[] = [
  { value: "daily", label: "Every day" },
  { value: "weekdays", label: "Weekdays (Monday to Friday)" },
  { value: "weekly", label: "Once a week" },
  { value: "monthly", label: "Once a month" },
  { value: "cron", label: "Cron expression" },
];
export const BASIS_OPTIONS: { value: Basis; label: string }[] = [
  { value: "yesterday", label: "Yesterday" },
  { value: "last_week", label: "Last complete week (Monday to Sunday)" },
  { value: "last_month", label: "Last complete month" },
];
export const WEEKDAY_OPTIONS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"].map((value) => ({
  value,
  label: value[0]!.toUpperCase() + value.slice(1),
}));
export const SECTION_ORDER: SectionType[] = ["kpis", "top_campaigns", "product_groups", "cohorts"];
const DEFAULT_LIMITS: Record<SectionType, string> = { kpis: "", top_campaigns: "5", product_groups: "10", cohorts: "3" };

export type ConditionDraft = { metric: string; op: ConditionOp; than: string };
export type TemplateDraft = {
  title: string;
  intro: string;
  /** null: every section of the digest. */
  sections: SectionType[] | null;
  conditions: ConditionDraft[];
  imageUrl: string;
  imageAlt: string;
  linkLabel: string;
  linkUrl: string;
};

export type Draft = {
  name: string;
  scheduleKind: ScheduleKind;
  time: string;
  dayOfWeek: string;
  dayOfMonth: string;
  expression: string;
  /** "own": the member's zone in ownZone; "workspace": the workspace's. */
  zone: "workspace" | "own";
  ownZone: string;
  basis: Basis;
  sections: Record<SectionType, { on: boolean; limit: string }>;
  kpis: string[];
  destinationIds: string[];
  /** "default" and destination ids. */
  templates: Record<string, TemplateDraft>;
  enabled: boolean;
  personal: boolean;
};

export const DEFAULT_TEMPLATE_KEY = "default";

export function templateDraftOf(t: TemplateInput | undefined): TemplateDraft {
  return {
    title: t?.title ?? "",
    intro: t?.intro ?? "",
    sections: t?.sections ?? null,
    conditions: (t?.conditions ?? []).map((c) => ({ metric: c.metric, op: c.op, than: String(c.than) })),
    imageUrl: t?.image?.url ?? "",
    imageAlt: t?.image?.alt ?? "",
    linkLabel: t?.link?.label ?? "",
    linkUrl: t?.link?.url ?? "",
  };
}

export function draftOf(body: DigestBody): Draft {
  const s = body.schedule;
  const sections = Object.fromEntries(SECTION_ORDER.map((type) => {
    const found = body.sections.find((x) => x.type === type);
    return [type, { on: Boolean(found), limit: found?.limit !== undefined ? String(found.limit) : DEFAULT_LIMITS[type] }];
  })) as Draft["sections"];
  const kpis = body.sections.find((x) => x.type === "kpis");
  return {
    name: body.name,
    scheduleKind: s.kind,
    time: s.kind === "cron" ? "09:00" : s.time,
    dayOfWeek: s.kind === "weekly" ? s.day_of_week : "monday",
    dayOfMonth: s.kind === "monthly" ? String(s.day_of_month) : "1",
    expression: s.kind === "cron" ? s.expression : "0 9 * * 1-5",
    zone: body.time_zone ? "own" : "workspace",
    ownZone: body.time_zone ?? "",
    basis: body.basis,
    sections,
    kpis: kpis?.metrics ?? ["total_sales", "orders", "visitors", "conversion_rate"],
    destinationIds: body.destination_ids,
    templates: {
      [DEFAULT_TEMPLATE_KEY]: templateDraftOf(body.template.default),
      ...Object.fromEntries(Object.entries(body.template.destinations).map(([id, t]) => [id, templateDraftOf(t)])),
    },
    enabled: body.enabled,
    personal: body.personal ?? false,
  };
}

function scheduleOf(d: Draft): TSchedule {
  switch (d.scheduleKind) {
    case "daily":
    case "weekdays":
      return { kind: d.scheduleKind, time: d.time };
    case "weekly":
      return { kind: "weekly", time: d.time, day_of_week: d.dayOfWeek as Extract<TSchedule, { kind: "weekly" }>["day_of_week"] };
    case "monthly":
      return { kind: "monthly", time: d.time, day_of_month: d.dayOfMonth === "last" ? "last" : Number(d.dayOfMonth) };
    case "cron":
      return { kind: "cron", expression: d.expression };
  }
}

/** A number as typed, or the text itself so the server names it when it is not one. */
const numberOr = (text: string): number | string => (/^\s*-?\d+\s*$/.test(text) ? Number(text) : text);

function sectionsOf(d: Draft): SectionInput[] {
  return SECTION_ORDER.filter((type) => d.sections[type].on).map((type) => (type === "kpis" ? { type, metrics: d.kpis } : { type, limit: numberOr(d.sections[type].limit) }));
}

/** The template as the API takes it: blank fields left out, so they inherit or take defaults. */
export function templateOf(t: TemplateDraft): TemplateInput {
  const out: TemplateInput = {};
  if (t.title.trim()) out.title = t.title;
  if (t.intro.trim()) out.intro = t.intro;
  if (t.sections) out.sections = t.sections;
  if (t.conditions.length) out.conditions = t.conditions.map((c) => ({ metric: c.metric, op: c.op, than: c.than.trim() }));
  if (t.imageUrl.trim() || t.imageAlt.trim()) out.image = { url: t.imageUrl.trim(), alt: t.imageAlt };
  if (t.linkLabel.trim() || t.linkUrl.trim()) out.link = { label: t.linkLabel, url: t.linkUrl.trim() };
  return out;
}

export function bodyOf(d: Draft, options: { creating: boolean }): DigestBody {
  const destinations = Object.fromEntries(
    d.destinationIds.flatMap((id) => {
      const own = d.templates[id];
      const template = own ? templateOf(own) : {};
      return Object.keys(template).length ? [[id, template]] : [];
    }),
  );
  return {
    name: d.name,
    schedule: scheduleOf(d),
    basis: d.basis,
    time_zone: d.zone === "own" ? d.ownZone.trim() : null,
    sections: sectionsOf(d),
    destination_ids: d.destinationIds,
    template: { default: templateOf(d.templates[DEFAULT_TEMPLATE_KEY] ?? templateDraftOf(undefined)), destinations },
    enabled: d.enabled,
    ...(options.creating ? { personal: d.personal } : {}),
  };
}
