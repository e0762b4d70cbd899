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
