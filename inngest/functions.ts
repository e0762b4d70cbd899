import { processWebhook } from "./process-webhook";
import { rebuildRollupsFunction } from "./rebuild-rollups";
import { refreshRates } from "./refresh-rates";
import { scheduleSyncs } from "./schedule-syncs";
import { syncConnection } from "./sync-connection";

export const functions = [scheduleSyncs, syncConnection, processWebhook, rebuildRollupsFunction, refreshRates];
