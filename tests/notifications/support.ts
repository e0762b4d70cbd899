import { setupServer } from "msw/node";
import type { JobContext } from "@/lib/jobs/define";
import { createDestination } from "@/lib/notifications/destinations";
import type { NotificationMessage } from "@/lib/notifications/message";

// Shared by the notification tests: one msw server, a job context that records its waits instead
// of sleeping, and a small message.

export const server = setupServer();

export function recordingContext() {
  const waits: number[] = [];
  const steps: string[] = [];
  const context: JobContext = {
    step: async (id, work) => {
      steps.push(id);
      return work();
    },
    sleep: async (_id, ms) => void waits.push(ms),
    enqueue: async () => undefined,
  };
  return { context, waits, steps };
}

export const kpiMessage: NotificationMessage = {
  title: "Yesterday at Acme",
  summary: "Sales were up on the day before.",
  sections: [
    {
      type: "rows",
      heading: "KPIs",
      rows: [
        { label: "GMV", value: "$12,480.00", change: "+8.2%", baseline: "vs $11,534.20 the day before", tone: "good" },
        { label: "Orders", value: "212", change: "−3.1%", tone: "bad" },
      ],
    },
  ],
  link: { label: "Open the dashboard", url: "https://app.signalboard.test/w/acme" },
  footer: "Sent by Signalboard",
};

export async function slackDestination(workspaceId: string, url = "https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX") {
  const { destination } = await createDestination(workspaceId, null, { kind: "slack", name: "Growth channel", url });
  return destination;
}
