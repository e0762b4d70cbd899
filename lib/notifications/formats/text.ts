import type { MessageRow, MessageSection, ValidMessage } from "../message";

// Helpers shared by the formatters: a row as one line of text, and the markdown dialect the
// Chinese chat bots (WeCom, DingTalk, Lark) understand in common: headings, bold, quotes, links.

export function rowLine(row: MessageRow, bold: (s: string) => string = (s) => s): string {
  const parts = [`${row.label}: ${bold(row.value)}`];
  if (row.change) parts.push(`(${row.change})`);
  if (row.baseline) parts.push(`· ${row.baseline}`);
  return parts.join(" ");
}

export const isHttpsImage = (section: MessageSection) => section.type === "image" && section.url.startsWith("https://");

export type MarkdownDialect = {
  /** Colours a row's change by its tone where the dialect can (WeCom's font colours). */
  tone?: (text: string, tone: MessageRow["tone"]) => string;
  /** Whether ![alt](url) images render (DingTalk's do; WeCom's markdown has none). */
  images: boolean;
  severity?: (severity: NonNullable<ValidMessage["severity"]>) => string;
};

/** The message as markdown lines, heading first. */
export function chatMarkdown(message: ValidMessage, dialect: MarkdownDialect, options: { withTitle?: boolean } = {}): string[] {
  const lines: string[] = [];
  if (options.withTitle !== false) {
    const badge = message.severity && dialect.severity ? `${dialect.severity(message.severity)} ` : "";
    lines.push(`## ${badge}${message.title}`);
  }
  if (message.summary) lines.push(message.summary);
  for (const section of message.sections) {
    lines.push("");
    if (section.heading) lines.push(`**${section.heading}**`);
    if (section.type === "rows") {
      for (const row of section.rows) {
        const change = row.change && dialect.tone ? dialect.tone(`(${row.change})`, row.tone) : row.change ? `(${row.change})` : "";
        lines.push(`> ${row.label}: **${row.value}**${change ? ` ${change}` : ""}${row.baseline ? ` · ${row.baseline}` : ""}`);
      }
    } else if (section.type === "text") {
      lines.push(section.text);
    } else if (isHttpsImage(section)) {
      lines.push(dialect.images ? `![${section.alt}](${section.url})` : `[${section.alt}](${section.url})`);
    } else {
      lines.push(`_${section.alt}_`);
    }
  }
  if (message.link) lines.push("", `[${message.link.label}](${message.link.url})`);
  if (message.footer) lines.push("", message.footer);
  return lines;
}

/**
 * Cuts text to at most `maxBytes` of UTF-8, at a line boundary where one is near, never inside a
 * character, and appends `marker` (whose bytes count toward the limit). Returns the text as is
 * when it fits.
 */
export function truncateBytes(text: string, maxBytes: number, marker: string): { text: string; truncated: boolean } {
  const encoder = new TextEncoder();
  if (encoder.encode(text).length <= maxBytes) return { text, truncated: false };
  const room = maxBytes - encoder.encode(marker).length;
  let used = 0;
  let cut = 0;
  for (const char of text) {
    const size = encoder.encode(char).length;
    if (used + size > room) break;
    used += size;
    cut += char.length;
  }
  let kept = text.slice(0, cut);
  const lastBreak = kept.lastIndexOf("\n");
  // Prefer ending on a whole line unless that would throw away most of the room.
  if (lastBreak > kept.length * 0.8) kept = kept.slice(0, lastBreak);
  return { text: `${kept}${marker}`, truncated: true };
}
