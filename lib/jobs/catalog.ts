import { recomputeActivityJob } from "@/lib/activity/jobs";
import { scheduleActivityJob } from "@/lib/activity/schedule-job";
import { attributeOrdersJob, recomputeAttributionJob } from "@/lib/attribution/jobs";
import { scheduleAttributionJob, sweepUnattributedOrdersJob } from "@/lib/attribution/schedule-jobs";
import { evaluateAlertsJob } from "@/lib/alerts/jobs";
import { judgeDueOrdersJob } from "@/lib/exceptions/jobs";
import { judgeOwnedClicksJob, recomputeOwnedAttributionJob } from "@/lib/owned/attribution/jobs";
import { refreshOwnedReportJob, sweepOwnedReportJob } from "@/lib/owned/report/jobs";
import { scheduleAlertsJob } from "@/lib/alerts/schedule-job";
import { warnExpiringTokensJob } from "@/lib/connections/jobs";
import { runDueDigestsJob } from "@/lib/digests/jobs";
import { aggregateDouplusJob, syncDouplusOrdersJob, syncDouplusStatsJob } from "@/lib/douplus/jobs";
import { deliverNotificationJob } from "@/lib/notifications/jobs";
import { syncAudienceKlaviyoJob } from "@/lib/audiences/jobs";
import { sweepDeliveriesJob } from "@/lib/notifications/sweep-job";
import { processWebhookJob } from "@/lib/stores/webhooks/job";
import { sweepUninstalledStoresJob } from "@/lib/stores/compliance/jobs";
import { sweepAuditEventsJob } from "@/lib/audit/jobs";
import { buildWorkspaceExportJob, sweepWorkspaceExportsJob } from "@/lib/exports/jobs";
import { enforceConnectionLimitsJob, reconcileMeteredUsageJob, reportMeteredUsageJob, sendPastDueNoticesJob } from "@/lib/billing/jobs";
import { processStripeEventJob } from "@/lib/billing/webhooks/job";
import { processStoreWebhookJob } from "@/lib/stores/webhooks/store-job";
import { refreshRatesJob } from "@/lib/fx/jobs";
import { sweepUnlinkedVisitorsJob } from "@/lib/identity/jobs";
import { buildFunnelProgressJob } from "@/lib/funnels/jobs";
import { fitLtvModelJob } from "@/lib/ltv/jobs";
import { scheduleLtvFitsJob } from "@/lib/ltv/schedule-job";
import { rebuildRollupsJob, sweepDirtyRollupsJob } from "@/lib/metrics/rollups/jobs";
import { scheduleSyncsJob } from "@/lib/sync/schedule-job";
import { syncConnectionJob } from "@/lib/sync/jobs";
import { sweepUnsessionedEventsJob } from "@/lib/tracking/sessions/jobs";
import { drainTrackingInboxJob, maintainTrackingJob } from "@/lib/tracking/jobs";
import { sweepTrackingInboxJob } from "@/lib/tracking/sweep-job";
import type { AnyJob } from "./define";
import { evaluateServiceLevelsJob, sweepServiceLevelsJob } from "@/lib/observability/jobs";
import { sweepJobRunsJob } from "./ledger-jobs";

// Every job Signalboard runs, for the backends that must know them all: inngest/ serves each as a
// function, and the in-process scheduler runs the scheduled ones and recovers the others after a
// restart. A new job is defined beside its room's code and listed here.
export const JOBS: readonly AnyJob[] = [
  syncConnectionJob,
  scheduleSyncsJob,
  processWebhookJob,
  processStoreWebhookJob,
  sweepUninstalledStoresJob,
  sweepAuditEventsJob,
  rebuildRollupsJob,
  sweepDirtyRollupsJob,
  refreshRatesJob,
  warnExpiringTokensJob,
  fitLtvModelJob,
  recomputeActivityJob,
  scheduleActivityJob,
  buildFunnelProgressJob,
  scheduleLtvFitsJob,
  deliverNotificationJob,
  syncAudienceKlaviyoJob,
  sweepDeliveriesJob,
  evaluateAlertsJob,
  scheduleAlertsJob,
  runDueDigestsJob,
  sweepUnsessionedEventsJob,
  sweepUnlinkedVisitorsJob,
  drainTrackingInboxJob,
  sweepTrackingInboxJob,
  maintainTrackingJob,
  attributeOrdersJob,
  sweepUnattributedOrdersJob,
  recomputeAttributionJob,
  scheduleAttributionJob,
  judgeDueOrdersJob,
  judgeOwnedClicksJob,
  recomputeOwnedAttributionJob,
  refreshOwnedReportJob,
  sweepOwnedReportJob,
  processStripeEventJob,
  sendPastDueNoticesJob,
  enforceConnectionLimitsJob,
  reportMeteredUsageJob,
  reconcileMeteredUsageJob,
  syncDouplusOrdersJob,
  syncDouplusStatsJob,
  aggregateDouplusJob,
  sweepJobRunsJob,
  buildWorkspaceExportJob,
  sweepWorkspaceExportsJob,
  evaluateServiceLevelsJob,
  sweepServiceLevelsJob,
];
