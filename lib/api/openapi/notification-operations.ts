import type { QueryParameter } from "./report-parameters";

// The notification endpoints: destinations (where digests and alerts go), their delivery logs,
// test sends and replays. Admins only. Plain constants, checked against Operation where
// operations.ts lists them.

const STATUS_QUERY: QueryParameter[] = [
  { name: "status", in: "query", required: false, description: "`failed` for failed deliveries only.", schema: { type: "string", enum: ["failed"] } },
];

const DESTINATIONS = "/api/v1/workspaces/{slug}/notification-destinations";
const DESTINATION = `${DESTINATIONS}/{id}`;

const SECRETS_NOTE = "URLs, signing secrets and addresses are stored encrypted; answers show only a hint (the host and last four characters).";
const DELIVERY_NOTE =
  "Each message is delivered by a background job: up to 3 attempts with exponential backoff and jitter, waiting as long as a 429's Retry-After asks; " +
  "a destination answering 404 or 410 is switched off and admins are emailed.";

export const NOTIFICATION_OPERATIONS = [
  {
    method: "get", path: DESTINATIONS, tag: "Notifications", operationId: "listNotificationDestinations", role: "admin",
    summary: "List notification destinations", description: `Email, Slack, WeCom, DingTalk, Lark, Teams and webhook destinations, oldest first. ${SECRETS_NOTE}`,
    success: { status: 200, description: "The destinations.", schema: "NotificationDestinationList" },
  },
  {
    method: "post", path: DESTINATIONS, tag: "Notifications", operationId: "createNotificationDestination", role: "admin",
    summary: "Create a notification destination",
    description:
      "`kind` says which fields apply: `addresses` for email; `url` for the others, plus an optional `secret` for DingTalk (SEC…), Lark and webhooks. " +
      "URLs must be public https addresses without credentials. A webhook created without a secret gets a Standard Webhooks secret (`whsec_…`), " +
      `returned once as \`secret\`. ${SECRETS_NOTE}`,
    body: { schema: "NotificationDestinationCreate" },
    success: { status: 201, description: "The new destination (and, for a webhook, its generated secret).", schema: "NotificationDestinationCreated" },
  },
  {
    method: "get", path: DESTINATION, tag: "Notifications", operationId: "getNotificationDestination", role: "admin",
    summary: "Get a notification destination", description: `One destination; another workspace's is 404. ${SECRETS_NOTE}`,
    success: { status: 200, description: "The destination.", schema: "NotificationDestinationAnswer" },
  },
  {
    method: "patch", path: DESTINATION, tag: "Notifications", operationId: "updateNotificationDestination", role: "admin",
    summary: "Edit a notification destination",
    description: "Only the fields sent change; secrets left out are kept, `secret: null` removes one. `enabled: true` switches a destination back on and clears why it was switched off.",
    body: { schema: "NotificationDestinationUpdate" },
    success: { status: 200, description: "The destination.", schema: "NotificationDestinationAnswer" },
  },
  {
    method: "delete", path: DESTINATION, tag: "Notifications", operationId: "deleteNotificationDestination", role: "admin",
    summary: "Delete a notification destination", description: "Deletes the destination and its delivery log; messages still queued for it are dropped.",
    success: { status: 204, description: "Deleted." },
  },
  {
    method: "post", path: `${DESTINATION}/test`, tag: "Notifications", operationId: "testNotificationDestination", role: "admin",
    summary: "Send a test message", description: `Queues a short example message to the destination. ${DELIVERY_NOTE} Follow it in the delivery log.`,
    success: { status: 202, description: "The queued delivery (failed at once when the destination is switched off).", schema: "NotificationDeliveryAnswer" },
  },
  {
    method: "get", path: `${DESTINATION}/deliveries`, tag: "Notifications", operationId: "listNotificationDeliveries", role: "admin",
    summary: "The delivery log", description: `The destination's last 100 deliveries, newest first; \`status=failed\` keeps the failed ones. ${DELIVERY_NOTE}`,
    query: STATUS_QUERY,
    success: { status: 200, description: "The deliveries.", schema: "NotificationDeliveryList" },
  },
  {
    method: "post", path: "/api/v1/workspaces/{slug}/notification-deliveries/{id}/replay", tag: "Notifications", operationId: "replayNotificationDelivery", role: "admin",
    summary: "Replay a failed delivery",
    description: "Sends a failed delivery's message again as a new delivery (the failure stays in the log). 409 when the delivery did not fail or its destination is switched off.",
    success: { status: 202, description: "The new delivery.", schema: "NotificationDeliveryAnswer" },
    otherResponses: [{ status: 409, description: "Not a failed delivery, or its destination is switched off.", schema: "Error" }],
  },
] as const;
