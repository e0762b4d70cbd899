import { z } from "zod";
import { ZRuleInputSchema, ZRulePatchSchema, ZSilenceSchema } from "@/lib/alerts/schema";
import { ZIncidentViewSchema, ZRulePreviewSchema, ZRuleViewSchema } from "@/lib/alerts/views";
import { ZMeSchema, ZWorkspaceListSchema } from "@/lib/api/caller";
import { ZConnectionListSchema, ZSyncAcceptedSchema, ZSyncRequestSchema } from "@/lib/connections/schema";
import { ZDashboardNameSchema, ZDashboardSchema, ZDashboardSummarySchema, ZWidgetInputSchema, ZWidgetLayoutSchema, ZWidgetSchema } from "@/lib/dashboards/schema";
import { ZCustomerListSchema, ZCustomerProfileSchema } from "@/lib/customers/schema";
import { ZExceptionOrderListSchema } from "@/lib/exceptions/schema";
import { ZAudienceListSchema, ZAudienceMemberPageSchema } from "@/lib/audiences/schema";
import { ZExportListSchema, ZExportSchema } from "@/lib/exports/schema";
import { ZAuditPageSchema } from "@/lib/audit/schema";
import { ZCustomerDataRequestAnswerSchema, ZCustomerDataRequestSchema } from "@/lib/stores/compliance/api-request";
import { ZOwnedConverterListSchema, ZOwnedReportSchema } from "@/lib/owned/report/schema";
import { ZCreativeTableSchema } from "@/lib/creatives/schema";
import { ZDouplusAccountListSchema, ZDouplusOrderListSchema, ZDouplusVideoListSchema } from "@/lib/douplus/schema";
import { ZDigestPreviewSchema, ZDigestViewSchema, ZRunOutcomeSchema } from "@/lib/digests/api-schema";
import { ZCreateDigestSchema, ZUpdateDigestSchema } from "@/lib/digests/service";
import { ERROR_STATUS } from "@/lib/errors";
import { ZPrepareAnswerSchema, ZPrepareBodySchema } from "@/lib/owned/links/prepare";
import { ZBlockedAnswerSchema, ZBlockedBodySchema } from "@/lib/owned/messages/blocked";
import { ZOwnedCampaignsAnswerSchema, ZOwnedCampaignsBodySchema } from "@/lib/owned/messages/campaigns";
import { ZOwnedFolderCreateSchema, ZOwnedFolderListSchema, ZOwnedFolderSchema, ZOwnedFolderUpdateSchema } from "@/lib/owned/messages/folders";
import { ZSendEventsAnswerSchema, ZSendEventsBodySchema } from "@/lib/owned/messages/send-events";
import { ZOwnedSendsAnswerSchema, ZOwnedSendsBodySchema } from "@/lib/owned/messages/sends";
import { ZOwnedSettingsSchema } from "@/lib/owned/settings";
import { ZActivitySettingsSchema } from "@/lib/activity/settings";
import {
  ZPopupConfirmAnswerSchema,
  ZPopupConfirmInputSchema,
  ZPopupEligibleAnswerSchema,
  ZPopupEligibleInputSchema,
  ZPopupSettingsSchema,
  ZPopupTemplateAnswerSchema,
  ZPopupTemplateInputSchema,
  ZPopupTemplateListSchema,
} from "@/lib/owned/popups/schema";
import { ZOwnedCostOverviewSchema, ZOwnedCostSettingsInputSchema, ZOwnedCostSettingsViewSchema } from "@/lib/owned/costs/schema";
import { ZFunnelReportSchema } from "@/lib/funnels/types";
import { ZAttributionReportSchema } from "@/lib/attribution/report";
import { ZCustomerJourneySchema } from "@/lib/journeys/schema";
import { ZMatchReportSchema, ZMembersChangeSchema, ZPreviewSchema, ZTagCreateSchema, ZTagListSchema, ZTagMembersSchema, ZTagSchema, ZTagUpdateSchema } from "@/lib/tags/schema";
import { ZSavedFunnelInputSchema, ZSavedFunnelListSchema, ZSavedFunnelSchema } from "@/lib/funnels/service";
import { ZIdentityMergeListSchema, ZIdentityMergeSchema } from "@/lib/identity/merge-admin";
import { ZTrackingErasureSchema } from "@/lib/identity/erase";
import { ZVisitorSchema } from "@/lib/identity/visitor-view";
import { ZAdSpendImportRowSchema, ZImportResultSchema, ZOrderImportRowSchema, ZOwnedSendImportRowSchema } from "@/lib/imports/schema";
import { ZLtvDriversSchema } from "@/lib/cohorts/drivers";
import { ZCohortReportSchema } from "@/lib/cohorts/types";
import { ZLtvFitAcceptedSchema, ZLtvFitRequestSchema, ZLtvModelSchema } from "@/lib/ltv/schema";
import { ZCampaignListSchema } from "@/lib/metrics/report/campaigns";
import { ZReportSchema } from "@/lib/metrics/report/types";
import { ZDeliveryViewSchema, ZDestinationViewSchema } from "@/lib/notifications/api-schema";
import { ZCreateDestination, ZUpdateDestination } from "@/lib/notifications/config";
import { ROLES } from "@/lib/tenancy/roles";
import { ZLiveViewSchema } from "@/lib/tracking/live-schema";
import { ZTrackAcceptedSchema, ZTrackBodyDocSchema } from "@/lib/tracking/wire-schema";
import { ZCreateWriteKeySchema, ZUpdateWriteKeySchema, ZWriteKeySchema } from "@/lib/tracking/write-keys";
import { ZUpdateWorkspaceSchema } from "@/lib/workspaces/schemas";
import { jsonSchemaOf, type JsonSchema } from "./json-schema";

// The named schemas of the document (components.schemas). Request bodies come from the schemas
// the services validate with; answers the services build as plain objects are stated here once,
// next to the body they describe.

export const ZErrorBodySchema = z.object({
  error: z.object({
    code: z.enum([...(Object.keys(ERROR_STATUS) as (keyof typeof ERROR_STATUS)[]), "internal"]),
    message: z.string().describe("What went wrong, in a sentence a person can act on."),
    fields: z.record(z.string(), z.string()).optional().describe("Each invalid field or query parameter, with what is wrong with it."),
  }),
});

const ZWorkspaceSchema = z.object({ id: z.string(), slug: z.string(), name: z.string(), timeZone: z.string(), currency: z.string() });

const ZMemberSchema = z.object({
  userId: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  role: z.enum(ROLES),
  joinedAt: z.string().describe("ISO 8601."),
});

// The dashboards service keeps its body schemas private; these state the same fields.
const ZDashboardCreateSchema = z.object({ name: ZDashboardNameSchema });
const ZDashboardUpdateSchema = z.object({
  name: ZDashboardNameSchema.optional(),
  is_default: z.literal(true).optional().describe("Makes this the workspace's default dashboard (another one is marked to change it)."),
});
const ZDashboardDuplicateSchema = z.object({ name: ZDashboardNameSchema.optional().describe('Default: "<name> (copy)".') });
const ZLayoutUpdateSchema = z.object({
  items: z.array(ZWidgetLayoutSchema.extend({ id: z.string().describe("A widget of this dashboard.") })).max(500),
});

const ZAcceptedSchema = z.object({ accepted: z.number().int() });

const input = (schema: z.ZodType) => jsonSchemaOf(schema, "input");
const output = (schema: z.ZodType) => jsonSchemaOf(schema, "output");

export const COMPONENT_SCHEMAS = {
  Error: output(ZErrorBodySchema),
  OwnedCampaignsInput: input(ZOwnedCampaignsBodySchema),
  OwnedCampaignsAnswer: output(ZOwnedCampaignsAnswerSchema),
  OwnedFolderCreate: input(ZOwnedFolderCreateSchema),
  OwnedFolderUpdate: input(ZOwnedFolderUpdateSchema),
  OwnedFolder: output(ZOwnedFolderSchema),
  OwnedFolderList: output(ZOwnedFolderListSchema),
  OwnedSendsInput: input(ZOwnedSendsBodySchema),
  OwnedSendsAnswer: output(ZOwnedSendsAnswerSchema),
  OwnedPrepareInput: input(ZPrepareBodySchema),
  OwnedPrepareAnswer: output(ZPrepareAnswerSchema),
  OwnedBlockedInput: input(ZBlockedBodySchema),
  OwnedBlockedAnswer: output(ZBlockedAnswerSchema),
  OwnedAccepted: output(ZAcceptedSchema),
  PopupInput: input(ZPopupTemplateInputSchema),
  PopupList: output(ZPopupTemplateListSchema),
  PopupAnswer: output(ZPopupTemplateAnswerSchema),
  PopupSettings: input(ZPopupSettingsSchema),
  PopupEligibleInput: input(ZPopupEligibleInputSchema.extend({ write_key: z.string().optional() })),
  PopupEligibleAnswer: output(ZPopupEligibleAnswerSchema),
  PopupConfirmInput: input(ZPopupConfirmInputSchema.extend({ write_key: z.string().optional() })),
  PopupConfirmAnswer: output(ZPopupConfirmAnswerSchema),
  OwnedSendEventsInput: input(ZSendEventsBodySchema),
  OwnedSendEventsAnswer: output(ZSendEventsAnswerSchema),
  OwnedSettings: input(ZOwnedSettingsSchema),
  ActivitySettings: input(ZActivitySettingsSchema),
  OwnedFeesInput: input(ZOwnedCostSettingsInputSchema),
  OwnedFees: output(ZOwnedCostSettingsViewSchema),
  Report: output(ZReportSchema),
  CampaignList: output(ZCampaignListSchema),
  CustomerList: output(ZCustomerListSchema),
  CustomerProfile: output(ZCustomerProfileSchema),
  ExceptionOrderList: output(ZExceptionOrderListSchema),
  AudienceList: output(ZAudienceListSchema),
  AudienceMemberPage: output(ZAudienceMemberPageSchema),
  Export: output(ZExportSchema),
  CustomerDataRequestInput: input(ZCustomerDataRequestSchema),
  CustomerDataRequest: output(ZCustomerDataRequestAnswerSchema),
  ExportList: output(ZExportListSchema),
  AuditEventPage: output(ZAuditPageSchema),
  OwnedReport: output(ZOwnedReportSchema),
  OwnedConverterList: output(ZOwnedConverterListSchema),
  OwnedCostOverview: output(ZOwnedCostOverviewSchema),
  CreativeTable: output(ZCreativeTableSchema),
  DouplusOrderList: output(ZDouplusOrderListSchema),
  DouplusVideoList: output(ZDouplusVideoListSchema),
  DouplusAccountList: output(ZDouplusAccountListSchema),
  CustomerJourney: output(ZCustomerJourneySchema),
  CohortReport: output(ZCohortReportSchema),
  LtvDrivers: output(ZLtvDriversSchema),
  LtvModel: output(ZLtvModelSchema),
  Visitor: output(ZVisitorSchema),
  IdentityMerge: output(ZIdentityMergeSchema),
  IdentityMergeList: output(ZIdentityMergeListSchema),
  TrackingErasure: output(ZTrackingErasureSchema),
  LtvFitRequest: input(ZLtvFitRequestSchema),
  LtvFitAccepted: output(ZLtvFitAcceptedSchema),
  TrackingLiveView: output(ZLiveViewSchema),
  Me: output(ZMeSchema),
  WorkspaceList: output(ZWorkspaceListSchema),
  Workspace: output(z.object({ workspace: ZWorkspaceSchema, role: z.enum(ROLES) })),
  WorkspaceUpdate: input(ZUpdateWorkspaceSchema),
  WorkspaceUpdated: output(z.object({ workspace: ZWorkspaceSchema })),
  MemberList: output(z.object({ members: z.array(ZMemberSchema) })),
  DashboardList: output(z.object({ dashboards: z.array(ZDashboardSummarySchema) })),
  Dashboard: output(ZDashboardSchema),
  DashboardCreate: input(ZDashboardCreateSchema),
  DashboardUpdate: input(ZDashboardUpdateSchema),
  Widget: output(ZWidgetSchema),
  WidgetInput: input(ZWidgetInputSchema),
  WidgetUpdate: input(ZWidgetInputSchema.partial()),
  DashboardDuplicate: input(ZDashboardDuplicateSchema),
  LayoutUpdate: input(ZLayoutUpdateSchema),
  OrderImport: input(z.object({ rows: z.array(ZOrderImportRowSchema) })),
  AdSpendImport: input(z.object({ rows: z.array(ZAdSpendImportRowSchema) })),
  OwnedSendImport: input(z.object({ rows: z.array(ZOwnedSendImportRowSchema) })),
  ImportResult: output(ZImportResultSchema),
  ConnectionList: output(ZConnectionListSchema),
  SyncRequest: input(ZSyncRequestSchema),
  SyncAccepted: output(ZSyncAcceptedSchema),
  WriteKeyList: output(z.object({ writeKeys: z.array(ZWriteKeySchema) })),
  WriteKeyAnswer: output(z.object({ writeKey: ZWriteKeySchema })),
  WriteKeyCreate: input(ZCreateWriteKeySchema),
  WriteKeyUpdate: input(ZUpdateWriteKeySchema),
  AlertRuleInput: input(ZRuleInputSchema),
  AlertRuleUpdate: input(ZRulePatchSchema),
  AlertRule: output(ZRuleViewSchema),
  AlertRuleList: output(z.object({ rules: z.array(ZRuleViewSchema) })),
  AlertSilence: input(ZSilenceSchema),
  AlertPreview: output(ZRulePreviewSchema),
  AlertIncidentList: output(z.object({ incidents: z.array(ZIncidentViewSchema) })),
  NotificationDestinationList: output(z.object({ destinations: z.array(ZDestinationViewSchema) })),
  NotificationDestinationAnswer: output(z.object({ destination: ZDestinationViewSchema })),
  NotificationDestinationCreated: output(z.object({ destination: ZDestinationViewSchema, secret: z.string().optional().describe("A generated webhook secret, shown this once.") })),
  NotificationDestinationCreate: input(ZCreateDestination),
  NotificationDestinationUpdate: input(ZUpdateDestination),
  NotificationDeliveryList: output(z.object({ deliveries: z.array(ZDeliveryViewSchema) })),
  NotificationDeliveryAnswer: output(z.object({ delivery: ZDeliveryViewSchema })),
  DigestList: output(z.object({ digests: z.array(ZDigestViewSchema) })),
  DigestAnswer: output(z.object({ digest: ZDigestViewSchema })),
  DigestCreate: input(ZCreateDigestSchema),
  DigestUpdate: input(ZUpdateDigestSchema),
  DigestRunOutcome: output(z.object({ outcome: ZRunOutcomeSchema })),
  DigestPreview: output(ZDigestPreviewSchema),
  FunnelReport: output(ZFunnelReportSchema),
  AttributionReport: output(ZAttributionReportSchema),
  Funnel: output(ZSavedFunnelSchema),
  FunnelList: output(ZSavedFunnelListSchema),
  FunnelInput: input(ZSavedFunnelInputSchema),
  FunnelUpdate: input(ZSavedFunnelInputSchema.partial()),
  Tag: output(ZTagSchema),
  TagList: output(ZTagListSchema),
  TagInput: input(ZTagCreateSchema),
  TagUpdate: input(ZTagUpdateSchema),
  TagRulePreviewInput: input(ZPreviewSchema),
  TagRulePreview: output(z.object({ count: z.number().int() })),
  TagMembers: output(ZTagMembersSchema),
  TagMembersChange: input(ZMembersChangeSchema),
  TagMatchReport: output(ZMatchReportSchema),
  TrackRequest: input(ZTrackBodyDocSchema),
  TrackAccepted: output(ZTrackAcceptedSchema),
} satisfies Record<string, JsonSchema>;

export type SchemaName = keyof typeof COMPONENT_SCHEMAS;
