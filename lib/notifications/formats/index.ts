import type { DestinationKind } from "../message";
import { dingtalkFormatter } from "./dingtalk";
import { emailFormatter } from "./email";
import { larkFormatter } from "./lark";
import { slackFormatter } from "./slack";
import { teamsFormatter } from "./teams";
import type { Formatter } from "./types";
import { webhookFormatter } from "./webhook";
import { wecomFormatter } from "./wecom";

// One formatter per kind of destination; a new kind fails to compile until it has one.
export const FORMATTERS: Record<DestinationKind, Formatter> = {
  email: emailFormatter,
  slack: slackFormatter,
  wecom: wecomFormatter,
  dingtalk: dingtalkFormatter,
  lark: larkFormatter,
  teams: teamsFormatter,
  webhook: webhookFormatter,
};
