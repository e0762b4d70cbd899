import { appUrl } from "@/lib/email/mailer";
import type { NotificationMessage } from "@/lib/notifications/message";

// The message an incident sends, destination-neutral (each destination formats it natively). It
// always states the value, the baseline it was judged against, the method, and links to the
// dashboard, so a reader can check the judgement without opening the app.

export type AlertFigures = {
  /** The rule's name. */
  rule: string;
  /** What was judged, in words: "Net sales on Tue 1 Dec", "Meta Ads (act_123)". */
  subject: string;
  /** The value as shown, e.g. "$1,204.00", "failing for 7 hours". */
  value: string;
  /** The baseline as shown, e.g. "$2,180.00 (average of the last 4 Tuesdays)"; "none" when the method has none. */
  baseline: string;
  /** The method and its parameters, from the evaluator. */
  method: string;
  /** One sentence on what happened, e.g. "45% below the baseline". */
  summary: string;
};

export type AlertStage = "opened" | "worsened" | "resolved";

const STAGE_WORDS: Record<AlertStage, string> = { opened: "Alert", worsened: "Worse", resolved: "Resolved" };

export function alertMessage(workspace: { name: string; slug: string }, figures: AlertFigures, stage: AlertStage): NotificationMessage {
  return {
    title: `${STAGE_WORDS[stage]}: ${figures.rule} (${workspace.name})`,
    summary: stage === "resolved" ? `${figures.subject} is back within bounds: ${figures.summary}` : `${figures.subject}: ${figures.summary}`,
    severity: stage === "resolved" ? "info" : stage === "worsened" ? "critical" : "warning",
    sections: [
      {
        type: "rows",
        rows: [
          { label: "Value", value: figures.value, tone: stage === "resolved" ? "good" : "bad" },
          { label: "Baseline", value: figures.baseline },
        ],
      },
      { type: "text", heading: "Method", text: figures.method },
    ],
    link: { label: "Open the dashboard", url: appUrl(`/w/${workspace.slug}`) },
    footer: `Alert rules and incidents: ${appUrl(`/w/${workspace.slug}/alerts`)}`,
  };
}
