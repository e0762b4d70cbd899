import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { dingtalkFormatter, dingtalkSign } from "@/lib/notifications/formats/dingtalk";
import { emailFormatter } from "@/lib/notifications/formats/email";
import { larkFormatter, larkSign } from "@/lib/notifications/formats/lark";
import { slackFormatter } from "@/lib/notifications/formats/slack";
import { teamsFormatter } from "@/lib/notifications/formats/teams";
import type { EmailBatch, FormatContext, HttpPost } from "@/lib/notifications/formats/types";
import { standardWebhookSignature, webhookFormatter } from "@/lib/notifications/formats/webhook";
import { WECOM_MAX_BYTES, WECOM_TRUNCATION_MARKER, wecomFormatter } from "@/lib/notifications/formats/wecom";
import { ZNotificationMessage, type NotificationMessage } from "@/lib/notifications/message";
import { kpiMessage } from "./support";

const valid = (message: NotificationMessage) => ZNotificationMessage.parse(message);
const context: FormatContext = { deliveryId: "dlv1", messageKind: "digest", refId: "digest-1", now: new Date("2026-12-05T01:00:00.000Z") };
const http = (post: ReturnType<typeof slackFormatter.format>) => post as HttpPost;

describe("DingTalk", () => {
  // https://open.dingtalk.com/document/orgapp/customize-robot-security-settings (加签): the
  // documented Python sample, run with secret "this is secret" and timestamp 1577262236757, prints
  // this URL-encoded sign.
  it("signs like the documented sample", () => {
    expect(dingtalkSign(1577262236757, "this is secret")).toBe("hmPWwU%2B7lVdm3ZZz0r9tSfx0L4Q26jWOZr9%2BGs6EZQM%3D");
  });

  it("adds timestamp and sign to the robot URL when a secret is set, and posts markdown", () => {
    const url = "https://oapi.dingtalk.com/robot/send?access_token=abc";
    const post = http(dingtalkFormatter.format(valid(kpiMessage), { url, secret: "this is secret" }, context));
    const sent = new URL(post.url);
    expect(sent.searchParams.get("access_token")).toBe("abc");
    expect(sent.searchParams.get("timestamp")).toBe(String(context.now.getTime()));
    expect(encodeURIComponent(sent.searchParams.get("sign")!)).toBe(dingtalkSign(context.now.getTime(), "this is secret"));
    const body = JSON.parse(post.body);
    expect(body.msgtype).toBe("markdown");
    expect(body.markdown.title).toBe(kpiMessage.title);
    expect(body.markdown.text).toContain("> GMV: **$12,480.00** (+8.2%) · vs $11,534.20 the day before");
    expect(http(dingtalkFormatter.format(valid(kpiMessage), { url }, context)).url).toBe(url);
  });

  it("reads errcode in a 200 answer as a failure, and its rate limit as a wait", () => {
    expect(dingtalkFormatter.bodyError!({ errcode: 0, errmsg: "ok" })).toBeNull();
    expect(dingtalkFormatter.bodyError!({ errcode: 310000, errmsg: "sign not match" })).toEqual({ message: "answered error 310000: sign not match" });
    expect(dingtalkFormatter.bodyError!({ errcode: 130101, errmsg: "send too fast" })?.retryAfterMs).toBe(60_000);
  });
});

describe("Lark / Feishu", () => {
  // https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot (签名校验): the documented
  // Python sample keys HMAC-SHA256 with timestamp + "\n" + secret over an empty message; run with
  // timestamp 1599360473 and secret "demo-secret" it prints this.
  it("signs like the documented sample", () => {
    expect(larkSign(1599360473, "demo-secret")).toBe("3/MaVZ8JLIy4TUG+7KSFJqvUkTKd+HWY8g+56DZWq8s=");
  });

  it("puts timestamp (seconds, as text) and sign in an interactive card body", () => {
    const url = "https://open.feishu.cn/open-apis/bot/v2/hook/xyz";
    const post = http(larkFormatter.format(valid({ ...kpiMessage, severity: "critical" }), { url, secret: "demo-secret" }, context));
    const body = JSON.parse(post.body);
    const seconds = Math.floor(context.now.getTime() / 1000);
    expect(body).toMatchObject({ timestamp: String(seconds), sign: larkSign(seconds, "demo-secret"), msg_type: "interactive" });
    expect(body.card.header).toEqual({ title: { tag: "plain_text", content: kpiMessage.title }, template: "red" });
    expect(body.card.elements[0].tag).toBe("markdown");
    expect(body.card.elements[0].content).toContain("GMV: **$12,480.00**");
    expect(larkFormatter.bodyError!({ code: 19021, msg: "sign match fail or timestamp is not within one hour from current time" })?.message).toContain("19021");
    expect(larkFormatter.bodyError!({ code: 0, msg: "success" })).toBeNull();
  });
});

describe("Standard Webhooks", () => {
  // The specification's test vector: https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md
  // (also https://docs.svix.com/receiving/verifying-payloads/how-manual).
  it("reproduces the specification's test vector", () => {
    expect(standardWebhookSignature("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, '{"test": 2432232314}')).toBe(
      "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
    );
  });

  it("sends webhook-id, webhook-timestamp and a signature a receiver can verify over the exact body", () => {
    const secret = `whsec_${crypto.randomBytes(24).toString("base64")}`;
    const post = http(webhookFormatter.format(valid(kpiMessage), { url: "https://example.com/hooks", secret }, context));
    const id = post.headers["webhook-id"]!;
    const timestamp = post.headers["webhook-timestamp"]!;
    expect(id).toBe("msg_dlv1");
    expect(timestamp).toBe(String(Math.floor(context.now.getTime() / 1000)));
    const key = Buffer.from(secret.slice("whsec_".length), "base64");
    const expected = crypto.createHmac("sha256", key).update(`${id}.${timestamp}.${post.body}`).digest("base64");
    expect(post.headers["webhook-signature"]).toBe(`v1,${expected}`);
    expect(JSON.parse(post.body)).toMatchObject({ type: "signalboard.digest", data: { deliveryId: "dlv1", refId: "digest-1", message: { title: kpiMessage.title } } });
  });
});

describe("WeCom", () => {
  const url = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=633a31f6-7f9c-4bc4-97a0-0ec1eefa5898";
  const bytes = (text: string) => new TextEncoder().encode(text).length;

  it("posts markdown with WeCom's font colours for good and bad changes", () => {
    const body = JSON.parse(http(wecomFormatter.format(valid(kpiMessage), { url }, context)).body);
    expect(body.msgtype).toBe("markdown");
    expect(body.markdown.content).toContain('<font color="info">(+8.2%)</font>');
    expect(body.markdown.content).toContain('<font color="warning">(−3.1%)</font>');
    expect(body.markdown.content).not.toContain(WECOM_TRUNCATION_MARKER);
  });

  it("truncates a 5,000-character message to 4,096 bytes with a visible marker, keeping the link", () => {
    const long = valid({ ...kpiMessage, sections: [{ type: "text", text: "销售额".repeat(1700) }] });
    expect(long.sections[0]!.type === "text" && long.sections[0]!.text.length).toBe(5100);
    const content: string = JSON.parse(http(wecomFormatter.format(long, { url }, context)).body).markdown.content;
    expect(bytes(content)).toBeLessThanOrEqual(WECOM_MAX_BYTES);
    expect(bytes(content)).toBeGreaterThan(WECOM_MAX_BYTES - 200);
    expect(content).toContain(WECOM_TRUNCATION_MARKER.trim());
    expect(content.endsWith(`[${kpiMessage.link!.label}](${kpiMessage.link!.url})`)).toBe(true);
    // No character is cut in half.
    expect(content).not.toContain("\uFFFD");
  });

  it("documents WeCom's 20 messages a minute", () => {
    expect(wecomFormatter.perMinute).toBe(20);
  });
});

describe("Slack", () => {
  it("builds Block Kit: a header, mrkdwn sections, the link and a context footer", () => {
    const body = JSON.parse(http(slackFormatter.format(valid({ ...kpiMessage, sections: [...(kpiMessage.sections ?? []), { type: "text", text: "a <b> & c" }] }), { url: "https://hooks.slack.com/x" }, context)).body);
    expect(body.text).toBe(`${kpiMessage.title}: ${kpiMessage.summary}`);
    expect(body.blocks.map((b: { type: string }) => b.type)).toEqual(["header", "section", "section", "section", "section", "context"]);
    expect(body.blocks[2].text.text).toBe("*KPIs*\nGMV: *$12,480.00* (+8.2%) · vs $11,534.20 the day before\nOrders: *212* (−3.1%)");
    expect(body.blocks[3].text.text).toBe("a &lt;b&gt; &amp; c");
    expect(body.blocks[4].text.text).toBe(`<${kpiMessage.link!.url}|${kpiMessage.link!.label}>`);
  });

  it("keeps within 50 blocks and 150 header characters", () => {
    const many = valid({ title: "T".repeat(300), sections: Array.from({ length: 50 }, (_, i) => ({ type: "text" as const, text: `part ${i}` })) });
    const body = JSON.parse(http(slackFormatter.format(many, { url: "https://hooks.slack.com/x" }, context)).body);
    expect(body.blocks).toHaveLength(50);
    expect(body.blocks[0].text.text.length).toBe(150);
  });
});

describe("Microsoft Teams", () => {
  it("sends an Adaptive Card attachment with facts and an open-URL action", () => {
    const body = JSON.parse(http(teamsFormatter.format(valid(kpiMessage), { url: "https://prod.westus.logic.azure.com/workflows/x" }, context)).body);
    expect(body.type).toBe("message");
    expect(body.attachments).toHaveLength(1);
    const [attachment] = body.attachments;
    expect(attachment.contentType).toBe("application/vnd.microsoft.card.adaptive");
    expect(attachment.content).toMatchObject({ type: "AdaptiveCard", version: "1.4", $schema: "http://adaptivecards.io/schemas/adaptive-card.json" });
    const facts = attachment.content.body.find((e: { type: string }) => e.type === "FactSet").facts;
    expect(facts[0]).toEqual({ title: "GMV", value: "$12,480.00 (+8.2%) · vs $11,534.20 the day before" });
    expect(attachment.content.actions).toEqual([{ type: "Action.OpenUrl", title: kpiMessage.link!.label, url: kpiMessage.link!.url }]);
  });
});

describe("email", () => {
  it("sends one HTML and plain-text email per address, with everything escaped", () => {
    const message = valid({ ...kpiMessage, title: "Sales <script>", sections: [...(kpiMessage.sections ?? []), { type: "image", alt: "GMV by day", url: "data:image/png;base64,iVBORw0KGgo=" }] });
    const batch = emailFormatter.format(message, { addresses: ["a@example.com", "b@example.com"] }, context) as EmailBatch;
    expect(batch.emails.map((e) => e.to)).toEqual(["a@example.com", "b@example.com"]);
    const [email] = batch.emails;
    expect(email!.subject).toBe("Sales <script>");
    expect(email!.html).toContain("Sales &lt;script&gt;");
    expect(email!.html).not.toContain("<script>");
    // Mail clients block data: URLs: the image is an inline attachment (tests/notifications/email-images.test.ts).
    expect(email!.html).toContain(`<img src="cid:${email!.attachments![0]!.cid}" alt="GMV by day"`);
    expect(email!.text).toContain("- GMV: $12,480.00 (+8.2%) · vs $11,534.20 the day before");
    expect(email!.text).toContain(`${kpiMessage.link!.label}: ${kpiMessage.link!.url}`);
  });
});
