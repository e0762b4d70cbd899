import { jsonPost, type Formatter } from "./types";

// Microsoft Teams through a Workflows ("When a Teams webhook request is received") webhook: a
// message whose attachment is an Adaptive Card (contentType
// application/vnd.microsoft.card.adaptive, schema version 1.4). Office 365 connectors are retired,
// so MessageCard payloads are not sent. Workflows answers 202 Accepted with an empty body.

const SEVERITY_COLOUR = { info: "Accent", warning: "Warning", critical: "Attention" } as const;
const TONE_COLOUR = { good: "Good", bad: "Attention", neutral: "Default" } as const;

type Element = Record<string, unknown>;

export const teamsFormatter: Formatter = {
  format(message, config) {
    const body: Element[] = [
      { type: "TextBlock", text: message.title, size: "Large", weight: "Bolder", wrap: true, color: SEVERITY_COLOUR[message.severity ?? "info"] },
    ];
    if (message.summary) body.push({ type: "TextBlock", text: message.summary, wrap: true });
    for (const section of message.sections) {
      if (section.heading) body.push({ type: "TextBlock", text: section.heading, weight: "Bolder", wrap: true, spacing: "Medium" });
      if (section.type === "rows") {
        body.push({
          type: "FactSet",
          facts: section.rows.map((row) => ({ title: row.label, value: [row.value, row.change && `(${row.change})`, row.baseline && `· ${row.baseline}`].filter(Boolean).join(" ") })),
        });
        const toned = section.rows.filter((row) => row.change && row.tone && row.tone !== "neutral");
        for (const row of toned) body.push({ type: "TextBlock", text: `${row.label}: ${row.change}`, color: TONE_COLOUR[row.tone!], isSubtle: true, size: "Small", wrap: true });
      } else if (section.type === "text") {
        body.push({ type: "TextBlock", text: section.text, wrap: true });
      } else if (section.url.startsWith("https://")) {
        body.push({ type: "Image", url: section.url, altText: section.alt });
      }
    }
    if (message.footer) body.push({ type: "TextBlock", text: message.footer, isSubtle: true, size: "Small", wrap: true, spacing: "Medium" });
    const card = {
      $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
      type: "AdaptiveCard",
      version: "1.4",
      body,
      ...(message.link ? { actions: [{ type: "Action.OpenUrl", title: message.link.label, url: message.link.url }] } : {}),
    };
    return jsonPost(config.url!, { type: "message", attachments: [{ contentType: "application/vnd.microsoft.card.adaptive", contentUrl: null, content: card }] });
  },
};
