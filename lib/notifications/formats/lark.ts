import crypto from "node:crypto";
import { chatMarkdown } from "./text";
import { codeInBody, jsonPost, type Formatter } from "./types";

// Lark / Feishu (飞书) custom bot: an interactive card ({"msg_type":"interactive","card":...})
// with a markdown element. Its signature differs from DingTalk's: the string timestamp + "\n" +
// secret is the HMAC-SHA256 KEY, over an empty message, base64; `timestamp` (seconds, as a
// string) and `sign` go in the body. Answers carry `code` (0 is success; 19021 a bad signature,
// 11232 too many messages).

const RATE_LIMITED = [11232];
const HEADER_COLOUR = { info: "blue", warning: "orange", critical: "red" } as const;

export function larkSign(timestampSeconds: number, secret: string): string {
  return crypto.createHmac("sha256", `${timestampSeconds}\n${secret}`).update("").digest("base64");
}

export const larkFormatter: Formatter = {
  perMinute: 100,
  format(message, config, context) {
    const content = chatMarkdown(message, { images: false }, { withTitle: false }).join("\n").trim();
    const card = {
      config: { wide_screen_mode: true },
      header: { title: { tag: "plain_text", content: message.title }, template: HEADER_COLOUR[message.severity ?? "info"] },
      elements: [{ tag: "markdown", content: content || message.title }],
    };
    const timestamp = Math.floor(context.now.getTime() / 1000);
    const signature = config.secret ? { timestamp: String(timestamp), sign: larkSign(timestamp, config.secret) } : {};
    return jsonPost(config.url!, { ...signature, msg_type: "interactive", card });
  },
  bodyError: (body) => codeInBody(body, RATE_LIMITED),
};
