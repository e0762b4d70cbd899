import type { MessageRow } from "../message";
import { rowLine } from "./text";
import { jsonPost, type Formatter } from "./types";

// Slack incoming webhook with Block Kit: a header block (plain text, at most 150 characters),
// mrkdwn sections (at most 3,000 characters each), image blocks for https images, and a context
// block for the footer; at most 50 blocks. `text` is the notification fallback. Slack answers
// "ok" as plain text, and 404 no_service / 410 channel_is_archived for a webhook that is gone.

const MAX_BLOCKS = 50;
const MAX_SECTION = 3000;

const escapeMrkdwn = (value: string) => value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const clip = (value: string, max: number) => (value.length <= max ? value : `${value.slice(0, max - 1)}…`);
const mrkdwnRow = (row: MessageRow) => rowLine({ ...row, label: escapeMrkdwn(row.label), value: escapeMrkdwn(row.value) }, (v) => `*${v}*`);

type Block = Record<string, unknown>;
const section = (text: string): Block => ({ type: "section", text: { type: "mrkdwn", text: clip(text, MAX_SECTION) } });

export const slackFormatter: Formatter = {
  perMinute: 60,
  format(message, config) {
    const blocks: Block[] = [{ type: "header", text: { type: "plain_text", text: clip(message.title, 150), emoji: true } }];
    if (message.summary) blocks.push(section(escapeMrkdwn(message.summary)));
    for (const part of message.sections) {
      const heading = part.heading ? `*${escapeMrkdwn(part.heading)}*\n` : "";
      if (part.type === "rows") blocks.push(section(heading + part.rows.map(mrkdwnRow).join("\n")));
      else if (part.type === "text") blocks.push(section(heading + escapeMrkdwn(part.text)));
      else if (part.url.startsWith("https://")) blocks.push({ type: "image", image_url: part.url, alt_text: clip(part.alt, 2000), ...(part.heading ? { title: { type: "plain_text", text: clip(part.heading, 2000) } } : {}) });
    }
    if (message.link) blocks.push(section(`<${message.link.url}|${escapeMrkdwn(message.link.label)}>`));
    if (message.footer) blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: clip(escapeMrkdwn(message.footer), MAX_SECTION) }] });
    const kept = blocks.length > MAX_BLOCKS ? [...blocks.slice(0, MAX_BLOCKS - 1), section("_… more in Signalboard_")] : blocks;
    return jsonPost(config.url!, { text: message.summary ? `${message.title}: ${message.summary}` : message.title, blocks: kept });
  },
};
