// The on-site message endpoints (lib/owned/popups): templates and settings for the workspace,
// and the snippet's two public asks. Plain constants, checked against Operation where
// operations.ts lists them.

const POPUPS = "/api/v1/workspaces/{slug}/popups";
const POPUP = `${POPUPS}/{id}`;

const SNIPPET_NOTE =
  "Authenticated by the page's write key (`write_key` in the body or the `X-Signalboard-Write-Key` header) from one of its allowed origins, as `/api/v1/track` is; " +
  "the body is JSON, sent as text/plain so browsers need no preflight. Each key is limited to 100 requests a second per server.";

const SNIPPET_ERRORS = [
  { status: 401, description: "No write key, or an unknown or revoked one.", schema: "Error" },
  { status: 403, description: "The page's origin is not allowed for this write key.", schema: "Error" },
  { status: 429, description: "Too many requests for this key; Retry-After says when to try again.", schema: "Error" },
] as const;

export const POPUP_OPERATIONS = [
  {
    method: "get", path: POPUPS, tag: "Messages", operationId: "listPopups", role: "viewer",
    summary: "List on-site messages", description: "The workspace's pop-up templates, newest first.",
    success: { status: 200, description: "The templates.", schema: "PopupList" },
  },
  {
    method: "post", path: POPUPS, tag: "Messages", operationId: "createPopup", role: "member",
    summary: "Create an on-site message",
    description:
      "A pop-up the tracking snippet shows: plain-text title, body and an optional button (label and http(s) link); where (`url_pattern`, a glob over path and query), " +
      "when (`trigger_type` wait or viewed with `trigger_seconds`, or event with `trigger_event`), to whom (`audience`, a tag by `target_tag_id`, `target_levels`), " +
      "its active window and `show_percent`, the A/B share of qualifying visitors who see it (the others are a holdout, sticky per browser). A bad field is a 400 naming it.",
    body: { schema: "PopupInput" },
    success: { status: 201, description: "The template.", schema: "PopupAnswer" },
  },
  {
    method: "get", path: POPUP, tag: "Messages", operationId: "getPopup", role: "viewer",
    summary: "Get an on-site message", description: "One template; another workspace's is a 404.",
    success: { status: 200, description: "The template.", schema: "PopupAnswer" },
  },
  {
    method: "put", path: POPUP, tag: "Messages", operationId: "updatePopup", role: "member",
    summary: "Replace an on-site message", description: "The whole definition, as for create. Assignments made so far stay sticky.",
    body: { schema: "PopupInput" },
    success: { status: 200, description: "The template.", schema: "PopupAnswer" },
  },
  {
    method: "delete", path: POPUP, tag: "Messages", operationId: "deletePopup", role: "member",
    summary: "Delete an on-site message", description: "With its A/B assignments.",
    success: { status: 204, description: "Deleted." },
  },
  {
    method: "get", path: `${POPUPS}/settings`, tag: "Messages", operationId: "getPopupSettings", role: "viewer",
    summary: "Get the pop-up settings", description: "The daily limit of pop-ups shown across the workspace.",
    success: { status: 200, description: "The settings.", schema: "PopupSettings" },
  },
  {
    method: "put", path: `${POPUPS}/settings`, tag: "Messages", operationId: "savePopupSettings", role: "admin",
    summary: "Set the pop-up settings", description: "`daily_limit`: pop-ups shown per local day across every template, or null for none. Counted atomically when a show is confirmed.",
    body: { schema: "PopupSettings" },
    success: { status: 200, description: "The settings.", schema: "PopupSettings" },
  },
  {
    method: "post", path: "/api/v1/popups", tag: "Messages", operationId: "eligiblePopups", role: null,
    summary: "Pop-ups for a page (snippet)",
    description: `The templates whose base conditions hold now for the page at \`url\`: enabled, inside their window, URL pattern matching, daily limit not reached. ${SNIPPET_NOTE}`,
    body: { schema: "PopupEligibleInput" },
    success: { status: 200, description: "The templates with their content and trigger.", schema: "PopupEligibleAnswer" },
    otherResponses: SNIPPET_ERRORS,
  },
  {
    method: "post", path: "/api/v1/popups/confirm", tag: "Messages", operationId: "confirmPopup", role: null,
    summary: "Confirm a pop-up for a visitor (snippet)",
    description:
      "Asked just before showing: the audience (member or anonymous), tag and level for this visitor, then the sticky A/B arm (the server's record, else the browser's `arm`, " +
      `else a draw), then one show counted against the daily limit. \`show\` false says why in \`reason\`. ${SNIPPET_NOTE}`,
    body: { schema: "PopupConfirmInput" },
    success: { status: 200, description: "Whether to show it, and the arm to keep.", schema: "PopupConfirmAnswer" },
    otherResponses: SNIPPET_ERRORS,
  },
] as const;
