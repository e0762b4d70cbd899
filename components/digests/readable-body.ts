// A chat body (Slack blocks, a Teams Adaptive Card, a WeCom/DingTalk/Lark markdown message) read
// as the words a person would see, in order, so a preview can show it without a chat client. The
// exact JSON stays beside it for anyone who wants the wire format.

const TEXT_KEYS = new Set(["text", "content", "title", "alt_text", "altText"]);
const SKIP_KEYS = new Set(["type", "tag", "msgtype", "msg_type", "timestamp", "sign", "template", "$schema", "version"]);

export function readableText(body: unknown): string {
  const lines: string[] = [];
  const walk = (value: unknown, depth: number): void => {
    if (depth > 40 || value === null || typeof value !== "object") return;
    if (Array.isArray(value)) {
      for (const item of value) walk(item, depth + 1);
      return;
    }
    const record = value as Record<string, unknown>;
    // A Teams fact: "Orders: 120".
    if (typeof record.title === "string" && typeof record.value === "string") {
      lines.push(`${record.title}: ${record.value}`);
      return;
    }
    for (const [key, inner] of Object.entries(record)) {
      if (SKIP_KEYS.has(key)) continue;
      if (typeof inner === "string") {
        if (TEXT_KEYS.has(key) && inner.trim()) lines.push(inner);
      } else walk(inner, depth + 1);
    }
  };
  walk(body, 0);
  // Slack's fallback `text` repeats the header; show each line once.
  return lines.filter((line, i) => lines.indexOf(line) === i).join("\n");
}

export type EmailBody = { subject: string; html: string; text: string };

export function emailsIn(body: unknown): EmailBody[] | null {
  if (!Array.isArray(body) || body.length === 0) return null;
  const ok = body.every((e) => e && typeof e === "object" && typeof (e as EmailBody).html === "string" && typeof (e as EmailBody).subject === "string");
  return ok ? (body as EmailBody[]) : null;
}
