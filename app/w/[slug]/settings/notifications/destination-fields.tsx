"use client";

import { TextField } from "@/components/ui/field";

// The fields a kind of destination takes, shared by the add and edit forms.

type Fields = Record<string, string> | undefined;

const URL_HINTS: Record<string, string> = {
  slack: "The incoming webhook URL: https://hooks.slack.com/services/…",
  wecom: "The group bot's webhook: https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…",
  dingtalk: "The robot's webhook: https://oapi.dingtalk.com/robot/send?access_token=…",
  lark: "The custom bot's webhook: https://open.feishu.cn/open-apis/bot/v2/hook/… (or open.larksuite.com)",
  teams: "The URL of a Teams Workflows “When a Teams webhook request is received” flow.",
  webhook: "Any https endpoint. Messages are JSON, signed per Standard Webhooks.",
};

const SECRET_HINTS: Record<string, string> = {
  dingtalk: "The “SEC…” secret of the robot's signature (加签) setting, if it has one.",
  lark: "The signature verification secret (签名校验), if the bot has one.",
  webhook: "A whsec_… secret; leave it empty to have one made and shown once.",
};

export function DestinationFields({ kind, fields, prefix, editing }: { kind: string; fields: Fields; prefix: string; editing?: { secret?: string } }) {
  if (kind === "email") {
    return (
      <TextField
        label="Email addresses"
        name="addresses"
        id={`${prefix}-addresses`}
        placeholder="ana@example.com, team@example.com"
        error={fields?.addresses ?? Object.entries(fields ?? {}).find(([key]) => key.startsWith("addresses."))?.[1]}
        hint="Separated by commas. They need not be members."
      />
    );
  }
  return (
    <>
      <TextField
        label={editing ? "New webhook URL" : "Webhook URL"}
        name="url"
        id={`${prefix}-url`}
        type="url"
        inputMode="url"
        autoComplete="off"
        error={fields?.url}
        hint={editing ? "Leave empty to keep the current URL." : URL_HINTS[kind]}
      />
      {kind in SECRET_HINTS ? (
        <TextField
          label={editing?.secret ? `New secret (now ${editing.secret})` : "Secret"}
          name="secret"
          id={`${prefix}-secret`}
          type="password"
          autoComplete="off"
          error={fields?.secret}
          hint={editing ? "Leave empty to keep the current secret." : SECRET_HINTS[kind]}
        />
      ) : null}
    </>
  );
}
