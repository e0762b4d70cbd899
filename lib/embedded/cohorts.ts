import { runCohortReport } from "@/lib/cohorts/report";
import { parseCohortQuery } from "@/lib/cohorts/request";
import { AppError } from "@/lib/errors";
import type { TCohortReport } from "@/lib/cohorts/types";
import type { EmbeddedContext } from "./guard";

// The cohort report inside the admin: the standalone report (the same query parameters, refused
// the same way, 400 naming the parameter) for the token's workspace only. CSV stays in the
// standalone app: a download from inside the admin's iframe has nowhere to go.

export async function embeddedCohorts(context: EmbeddedContext, params: URLSearchParams): Promise<TCohortReport> {
  const { request, format } = parseCohortQuery(withoutAdminParams(params));
  if (format !== "json") throw AppError.field("format", "format: the embedded app answers JSON only; download CSV from Signalboard's cohorts page.");
  return runCohortReport(context.workspace.id, request);
}

/** The parameters Shopify adds to every load of the app, which links inside it keep. */
const ADMIN_PARAMS = new Set(["shop", "host", "embedded"]);

function withoutAdminParams(params: URLSearchParams): URLSearchParams {
  const kept = new URLSearchParams();
  for (const [name, value] of params) if (!ADMIN_PARAMS.has(name)) kept.append(name, value);
  return kept;
}
