// The owned-channel endpoints (lib/owned): campaigns and templates, sends, blocked sends,
// unsubscribes and complaints, preparing messages with tracked links, and the public link and
// pixel. Plain constants, checked against Operation where operations.ts lists them.

import type { QueryParameter } from "./report-parameters";

const MESSAGES = "/api/v1/workspaces/{slug}/messages";

const DAY_RANGE: QueryParameter[] = [
  { name: "from", in: "query", required: true, description: "First local day, YYYY-MM-DD.", schema: { type: "string", format: "date" } },
  { name: "to", in: "query", required: true, description: "Last local day, YYYY-MM-DD.", schema: { type: "string", format: "date" } },
];

export const OWNED_OPERATIONS = [
  {
    method: "post", path: `${MESSAGES}/campaigns`, tag: "Messages", operationId: "defineOwnedCampaigns", role: "member",
    summary: "Define campaigns and flows",
    description:
      "Campaigns (one broadcast) and flows (automations) on a channel (email, sms, push, line, messenger, whatsapp, web_popup), each with its templates, under your own ids. " +
      "Sending the same id again updates names, subjects and the folder when one is named (left out, the campaign keeps its folder); a campaign's channel cannot change (409). Up to 100 campaigns a request.",
    body: { schema: "OwnedCampaignsInput" },
    success: { status: 200, description: "The campaigns as stored.", schema: "OwnedCampaignsAnswer" },
  },
  {
    method: "post", path: `${MESSAGES}/sends`, tag: "Messages", operationId: "recordOwnedSends", role: "member",
    summary: "Record sends",
    description:
      "Up to 1,000 per-recipient sends. Idempotent by `id`: the same id again updates that send (a delivery report after the send, a correction). " +
      "All or nothing: an unknown campaign or template, a phone number not in E.164, a bad email or a repeated id is a 400 naming the field (`sends.3.phone`), and nothing is stored. " +
      "Emails and phones are kept only as keyed hashes (an email's matches the workspace's customers).",
    body: { schema: "OwnedSendsInput" },
    success: { status: 200, description: "How many were new and how many updated.", schema: "OwnedSendsAnswer" },
  },
  {
    method: "post", path: `${MESSAGES}/prepare`, tag: "Messages", operationId: "prepareOwnedMessages", role: "member",
    summary: "Rewrite a message's links for its recipients",
    description:
      "Takes a template's HTML (or an SMS's text) and your send ids, one per recipient (up to 500), and returns each recipient's copy with every absolute http(s) link " +
      "replaced by a signed tracked link `/l/{token}` and, for email HTML, an invisible 1x1 open pixel `/o/{token}` before `</body>`. Left as they are: anchors (`#top`), " +
      "mailto:, tel:, sms:, relative links and links holding a template placeholder (`{{ }}`, `{% %}`, `*| |*`, `%% %%`, `[[ ]]`), which your platform fills in later. " +
      "A link whose URL or text says unsubscribe (or opt out) is the unsubscribe link: following it records an unsubscribe for the send. Broken HTML is read as a browser " +
      "would and only the link values are changed. Tokens carry no personal data: a workspace, a send and a link number, signed (HMAC) so they cannot be made up or moved. " +
      "The sends are recorded as prepared until POST .../messages/sends reports them; a send id already used for another template is a 409. " +
      "Links point at `TRACKING_LINK_BASE_URL` (else `APP_URL`).",
    body: { schema: "OwnedPrepareInput" },
    success: { status: 200, description: "The recorded links and each recipient's message.", schema: "OwnedPrepareAnswer" },
  },
  {
    method: "get", path: `${MESSAGES}/blocked`, tag: "Messages", operationId: "listOwnedBlockedSends", role: "viewer",
    summary: "Count blocked sends",
    description: "Sends stopped by a rule (quiet hours, a frequency cap, no consent, a bad address, other), per campaign, template and reason, summed over local days `from` to `to`.",
    query: DAY_RANGE,
    success: { status: 200, description: "The counts.", schema: "OwnedBlockedAnswer" },
  },
  {
    method: "post", path: `${MESSAGES}/blocked`, tag: "Messages", operationId: "recordOwnedBlockedSends", role: "member",
    summary: "Record blocked sends",
    description: "Counts of blocked sends per campaign, template, reason and local day (not sends). A count for a key already recorded replaces it, so a day can be restated.",
    body: { schema: "OwnedBlockedInput" },
    success: { status: 200, description: "How many entries were taken.", schema: "OwnedAccepted" },
  },
  {
    method: "post", path: `${MESSAGES}/events`, tag: "Messages", operationId: "recordOwnedSendEvents", role: "member",
    summary: "Record unsubscribes and spam complaints",
    description: "Each against the send it came from (your send id). One of each kind per send: a repeat is accepted and not recorded again.",
    body: { schema: "OwnedSendEventsInput" },
    success: { status: 200, description: "How many were taken and how many were new.", schema: "OwnedSendEventsAnswer" },
  },
  {
    method: "get", path: `${MESSAGES}/settings`, tag: "Messages", operationId: "getOwnedSettings", role: "viewer",
    summary: "Get the tracked links' settings", description: "Where a tracked link that cannot be read leads.",
    success: { status: 200, description: "The settings.", schema: "OwnedSettings" },
  },
  {
    method: "put", path: `${MESSAGES}/settings`, tag: "Messages", operationId: "saveOwnedSettings", role: "admin",
    summary: "Set the tracked links' fallback URL",
    description: "An absolute http(s) URL a tracked link goes to when its token is tampered with, too old (400 days) or names a link that is gone; null shows a 404 page instead.",
    body: { schema: "OwnedSettings" },
    success: { status: 200, description: "The settings.", schema: "OwnedSettings" },
  },
  {
    method: "get", path: `${MESSAGES}/fees`, tag: "Messages", operationId: "getOwnedFees", role: "viewer",
    summary: "Get the owned channels' fees",
    description: "Each channel's fee (per send, per SMS segment or per point, in the workspace currency with up to 4 decimals) and whether owned-channel cost joins ad spend in MER and CAC.",
    success: { status: 200, description: "The fees and the switch.", schema: "OwnedFees" },
  },
  {
    method: "put", path: `${MESSAGES}/fees`, tag: "Messages", operationId: "saveOwnedFees", role: "admin",
    summary: "Set the owned channels' fees",
    description:
      "Replaces every channel's fee: a channel left out costs nothing. A fee is 0 or more with at most 4 decimals (\"0.0075\"); a negative or malformed fee, an unknown channel or unit, " +
      "or a channel given twice is a 400 naming the field. `include_in_blended` (default false) adds owned-channel cost to ad spend in the MER and CAC metrics.",
    body: { schema: "OwnedFeesInput" },
    success: { status: 200, description: "The fees and the switch as saved.", schema: "OwnedFees" },
  },
  {
    method: "get", path: `${MESSAGES}/folders`, tag: "Messages", operationId: "listOwnedFolders", role: "viewer",
    summary: "List folders",
    description: "The folders campaigns and flows are grouped in (a filter of the owned-channel report: `folder=<id>`), each with its campaigns and flows, and those in no folder.",
    success: { status: 200, description: "The folders, by name.", schema: "OwnedFolderList" },
  },
  {
    method: "post", path: `${MESSAGES}/folders`, tag: "Messages", operationId: "createOwnedFolder", role: "member",
    summary: "Create a folder",
    description:
      "A folder by name (unique in the workspace: a taken name is a 409 naming `name`), optionally with campaigns and flows moved into it by their ids (the report's `campaign_id`). " +
      "An id that names no campaign of the workspace is a 400 naming it (`campaigns.2`) and nothing is stored.",
    body: { schema: "OwnedFolderCreate" },
    success: { status: 201, description: "The folder with its campaigns.", schema: "OwnedFolder" },
    otherResponses: [{ status: 409, description: "A folder of that name exists.", schema: "Error" }],
  },
  {
    method: "get", path: `${MESSAGES}/folders/{id}`, tag: "Messages", operationId: "getOwnedFolder", role: "viewer",
    summary: "Get a folder", description: "One folder with its campaigns and flows; another workspace's is a 404.",
    success: { status: 200, description: "The folder.", schema: "OwnedFolder" },
  },
  {
    method: "patch", path: `${MESSAGES}/folders/{id}`, tag: "Messages", operationId: "updateOwnedFolder", role: "member",
    summary: "Rename a folder or move campaigns in and out",
    description:
      "Any of: `name` (a taken name is a 409), `add_campaigns` (moved here from whichever folder they are in) and `remove_campaigns` (left in no folder). " +
      "An unknown campaign id is a 400 naming it (`add_campaigns.0`) and nothing changes. Campaigns and flows defined again through POST .../messages/campaigns " +
      "keep their folder unless that request names one.",
    body: { schema: "OwnedFolderUpdate" },
    success: { status: 200, description: "The folder with its campaigns.", schema: "OwnedFolder" },
    otherResponses: [{ status: 409, description: "A folder of that name exists.", schema: "Error" }],
  },
  {
    method: "delete", path: `${MESSAGES}/folders/{id}`, tag: "Messages", operationId: "deleteOwnedFolder", role: "member",
    summary: "Delete a folder", description: "Its campaigns and flows, their sends and figures stay, in no folder.",
    success: { status: 204, description: "Deleted." },
  },
  {
    method: "get", path: "/l/{token}", tag: "Messages", operationId: "followTrackedLink", role: null,
    summary: "Follow a tracked link",
    description:
      "Stores the click and answers 302 to the URL recorded for the link, with `utm_source` and `utm_medium` (the channel), `utm_campaign` (the campaign's name) and " +
      "`utm_content` (the template's name) added where the URL has none of its own, and `sb_cid` (the click's id, which ties the visit to the click); the URL's own query and " +
      "fragment stay. Only URLs recorded for the message can be reached. A token that cannot be read (malformed, tampered with, older than 400 days, or naming a link that is gone) " +
      "leads to the workspace's fallback URL when the token names a workspace that set one, and otherwise answers a 404 page. Never a 500.",
    success: { status: 204, description: "Not used: the answer is a 302 redirect." },
    otherResponses: [
      { status: 302, description: "To the link's URL (or the fallback URL)." },
      { status: 404, description: "An HTML page: the link does not lead anywhere." },
    ],
  },
  {
    method: "get", path: "/o/{token}", tag: "Messages", operationId: "loadOpenPixel", role: null,
    summary: "The open pixel",
    description: "Stores the open (when the token is good) and answers a 1x1 transparent GIF with `Cache-Control: no-store`, whatever the token.",
    success: { status: 200, description: "A 1x1 GIF." },
  },
] as const;
