import crypto from "node:crypto";
import { chatMarkdown } from "./text";
import { codeInBody, jsonPost, type Formatter } from "./types";

// DingTalk (钉钉) custom robot: {"msgtype":"markdown","markdown":{"title","text"}}. With a secret
// ("SEC…") set, each call adds `timestamp` (milliseconds) and `sign` to the URL: HMAC-SHA256 keyed
// by the secret over timestamp + "\n" + secret, base64, then URL-encoded. A robot takes 20
// messages a minute; 130101 is its "sending too fast" answer.

const RATE_LIMITED = [130101];

/** The `sign` query value for a timestamp in milliseconds (already URL-encoded). */
export function dingtalkSign(timestampMs: number, secret: string): string {
  const digest = crypto.createHmac("sha256", secret).update(`${timestampMs}\n${secret}`, "utf8").digest("base64");
  return encodeURIComponent(digest);
}

export function signedDingtalkUrl(url: string, secret: string | undefined, now: Date): string {
  if (!secret) return url;
  const timestamp = now.getTime();
  const separator = url.includes("?") ? "&" : "?";
  return `${url}${separator}timestamp=${timestamp}&sign=${dingtalkSign(timestamp, secret)}`;
}

export const dingtalkFormatter: Formatter = {
  perMinute: 20,
  format(message, config, context) {
    const severity = (level: string) => (level === "info" ? "" : `[${level}]`);
    const text = chatMarkdown(message, { images: true, severity }).join("\n\n").replace(/\n\n\n+/g, "\n\n");
    return jsonPost(signedDingtalkUrl(config.url!, config.secret, context.now), { msgtype: "markdown", markdown: { title: message.title, text } });
  },
  bodyError: (body) => codeInBody(body, RATE_LIMITED),
};
