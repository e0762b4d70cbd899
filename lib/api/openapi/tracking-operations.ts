// The tracking endpoints: write keys (admins manage them) and, beside them, the event API.
// Plain constants, checked against Operation where operations.ts lists them (importing the type
// here would make the two files import each other).

const WRITE_KEYS = "/api/v1/workspaces/{slug}/write-keys";
const WRITE_KEY = `${WRITE_KEYS}/{id}`;

const WRITE_KEY_NOTE =
  "A write key is public (it goes into the store's pages), so it can only append events to `/api/v1/track`, only from its allowed origins when a browser sends it, " +
  "under a rate limit. Changes and revocations reach every server within 5 seconds.";

export const WRITE_KEY_OPERATIONS = [
  {
    method: "post", path: "/api/v1/track", tag: "Tracking", operationId: "trackEvents", role: null,
    summary: "Send events",
    description:
      "One event, or `{\"batch\": [...]}` of up to 100 (at most 64 KB). Browsers send a write key, in the body (`write_key`: `navigator.sendBeacon` cannot set headers) " +
      "or the `X-Signalboard-Write-Key` header, from one of its allowed origins (CORS is granted only to those); server-side senders use a secret API key " +
      "(`Authorization: Bearer`, role member or higher). Each event is validated on its own: the good ones are accepted and each bad one is listed by index and field. " +
      "The answer (202) comes once the events are durably queued; they are stored within seconds, once per `message_id`. The client address is never stored whole. " +
      "Each key is limited to 100 requests a second (bursts of 200) per server.",
    body: { schema: "TrackRequest", description: "Sent as JSON; any Content-Type is read as JSON (sendBeacon sends text/plain)." },
    success: { status: 202, description: "Accepted events, and the rejected ones with the field at fault.", schema: "TrackAccepted" },
    otherResponses: [
      { status: 401, description: "No write key, or an unknown or revoked one (or an invalid API key).", schema: "Error" },
      { status: 403, description: "The page's origin is not allowed for this write key, or the API key's role is below member.", schema: "Error" },
      { status: 429, description: "Too many requests for this key; Retry-After says when to try again.", schema: "Error" },
    ],
  },
  {
    method: "get", path: WRITE_KEYS, tag: "Tracking", operationId: "listWriteKeys", role: "admin",
    summary: "List write keys", description: `The workspace's write keys that are not revoked, newest first. ${WRITE_KEY_NOTE}`,
    success: { status: 200, description: "The write keys.", schema: "WriteKeyList" },
  },
  {
    method: "post", path: WRITE_KEYS, tag: "Tracking", operationId: "createWriteKey", role: "admin",
    summary: "Create a write key",
    description: `A new key for the browser snippet or the Shopify web pixel. ${WRITE_KEY_NOTE}`,
    body: { schema: "WriteKeyCreate" },
    success: { status: 201, description: "The new key.", schema: "WriteKeyAnswer" },
  },
  {
    method: "get", path: WRITE_KEY, tag: "Tracking", operationId: "getWriteKey", role: "admin",
    summary: "Get a write key", description: "One key; a revoked key or another workspace's is 404.",
    success: { status: 200, description: "The key.", schema: "WriteKeyAnswer" },
  },
  {
    method: "patch", path: WRITE_KEY, tag: "Tracking", operationId: "updateWriteKey", role: "admin",
    summary: "Rename a write key or change its origins", description: "Only the fields sent change; `allowed_origins` replaces the whole list.",
    body: { schema: "WriteKeyUpdate" },
    success: { status: 200, description: "The key.", schema: "WriteKeyAnswer" },
  },
  {
    method: "delete", path: WRITE_KEY, tag: "Tracking", operationId: "revokeWriteKey", role: "admin",
    summary: "Revoke a write key", description: "Events sent with it are refused (401) from now on, on every server within 5 seconds.",
    success: { status: 204, description: "Revoked." },
  },
] as const;
