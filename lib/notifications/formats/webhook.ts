import crypto from "node:crypto";
import { webhookSecretKey } from "../config";
import { jsonPost, type Formatter } from "./types";

// A generic JSON webhook signed per the Standard Webhooks specification: headers webhook-id (the
// same for every retry of one delivery, so receivers can drop duplicates), webhook-timestamp (Unix
// seconds) and webhook-signature "v1,<base64 HMAC-SHA256 of id.timestamp.body>", keyed by the
// base64-decoded part of the "whsec_" secret.

export function standardWebhookSignature(secret: string, id: string, timestampSeconds: number, body: string): string {
  const key = webhookSecretKey(secret);
  if (!key) throw new Error("The webhook secret is not a whsec_ secret.");
  const mac = crypto.createHmac("sha256", key).update(`${id}.${timestampSeconds}.${body}`, "utf8").digest("base64");
  return `v1,${mac}`;
}

export const webhookFormatter: Formatter = {
  format(message, config, context) {
    const id = `msg_${context.deliveryId}`;
    const timestamp = Math.floor(context.now.getTime() / 1000);
    const payload = {
      type: `signalboard.${context.messageKind}`,
      timestamp: context.now.toISOString(),
      data: { deliveryId: context.deliveryId, refId: context.refId, message },
    };
    const post = jsonPost(config.url!, payload, { "webhook-id": id, "webhook-timestamp": String(timestamp) });
    if (config.secret) post.headers["webhook-signature"] = standardWebhookSignature(config.secret, id, timestamp, post.body);
    return post;
  },
};
