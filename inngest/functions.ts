import { processWebhook } from "./process-webhook";
import { scheduleSyncs } from "./schedule-syncs";
import { syncConnection } from "./sync-connection";

export const functions = [scheduleSyncs, syncConnection, processWebhook];
