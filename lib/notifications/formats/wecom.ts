import { chatMarkdown, truncateBytes } from "./text";
import { codeInBody, jsonPost, type Formatter } from "./types";

// WeCom (企业微信) group bot: {"msgtype":"markdown","markdown":{"content":...}}. Its markdown
// content may be at most 4,096 bytes of UTF-8 and a bot takes at most 20 messages a minute.
// A longer message is TRUNCATED, not split: split parts could arrive interleaved with other
// messages, and a part failing after others went through would leave half a digest in the group.
// The cut falls on a line boundary, ends with a visible marker, and the message's link (to the
// full digest in Signalboard) is kept after it.

export const WECOM_MAX_BYTES = 4096;
export const WECOM_TRUNCATION_MARKER = "\n\n… (shortened to fit WeCom's 4,096-byte limit)";
// 45009: the bot's per-minute quota is spent.
const RATE_LIMITED = [45009];

const TONE_COLOUR = { good: "info", bad: "warning", neutral: "comment" } as const;

export const wecomFormatter: Formatter = {
  perMinute: 20,
  format(message, config) {
    const link = message.link ? `\n\n[${message.link.label}](${message.link.url})` : "";
    const body = chatMarkdown(
      { ...message, link: undefined },
      {
        images: false,
        tone: (text, tone) => `<font color="${TONE_COLOUR[tone ?? "neutral"]}">${text}</font>`,
        severity: (severity) => (severity === "info" ? "" : `<font color="warning">[${severity}]</font>`),
      },
    ).join("\n");
    const linkBytes = new TextEncoder().encode(link).length;
    const { text } = truncateBytes(body, WECOM_MAX_BYTES - linkBytes, WECOM_TRUNCATION_MARKER);
    return jsonPost(config.url!, { msgtype: "markdown", markdown: { content: `${text}${link}` } });
  },
  bodyError: (body) => codeInBody(body, RATE_LIMITED),
};
