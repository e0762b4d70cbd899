import { AppError } from "@/lib/errors";
import { ATTRIBUTION_MODELS, LOOKBACK_WINDOWS, type AttributionModel, type LookbackWindow } from "@/lib/attribution/models";

// The journey's query string: which model's credit to show and over which lookback window. Both
// are optional (the workspace's defaults then apply); anything else is refused naming it, so a
// typo never silently shows the default model's credit.

export const JOURNEY_PARAMETERS = ["model", "window"] as const;

export type TJourneyQuery = { model: AttributionModel | null; window: LookbackWindow | null };

export function parseJourneyQuery(params: URLSearchParams): TJourneyQuery {
  const problems: Record<string, string> = {};
  for (const name of new Set(params.keys())) {
    if (!(JOURNEY_PARAMETERS as readonly string[]).includes(name)) problems[name] = `Unknown query parameter "${name.slice(0, 60)}". Use: ${JOURNEY_PARAMETERS.join(", ")}.`;
    else if (params.getAll(name).length > 1) problems[name] = `Give ${name} once.`;
  }
  const text = (name: (typeof JOURNEY_PARAMETERS)[number]) => (problems[name] ? undefined : params.get(name)?.trim() || undefined);

  let model: AttributionModel | null = null;
  const modelText = text("model");
  if (modelText !== undefined) {
    if ((ATTRIBUTION_MODELS as readonly string[]).includes(modelText)) model = modelText as AttributionModel;
    else problems.model = `model: unknown value "${modelText.slice(0, 60)}". Use one of: ${ATTRIBUTION_MODELS.join(", ")}.`;
  }
  let window: LookbackWindow | null = null;
  const windowText = text("window");
  if (windowText !== undefined) {
    // "28" and "28d" both name the 28-day window, as the attribution report accepts them.
    const days = /^\d{1,3}d?$/.test(windowText) ? Number(windowText.replace("d", "")) : NaN;
    if ((LOOKBACK_WINDOWS as readonly number[]).includes(days)) window = days as LookbackWindow;
    else problems.window = `window: unknown value "${windowText.slice(0, 60)}". Use one of: ${LOOKBACK_WINDOWS.join(", ")} (days).`;
  }

  const names = Object.keys(problems);
  if (names.length > 0) {
    const message = names.length === 1 ? problems[names[0]!]! : `Invalid query parameters (${names.map((n) => problems[n]).join("; ")})`;
    throw new AppError("bad_request", message, { fields: problems });
  }
  return { model, window };
}

