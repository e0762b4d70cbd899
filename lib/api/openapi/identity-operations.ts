// The identity graph's endpoints: visitors, merges of customers and the erasure of a customer's
// tracking data. Plain constants, checked against Operation where operations.ts lists them.

const WS = "/api/v1/workspaces/{slug}";

export const IDENTITY_OPERATIONS = [
  {
    method: "get", path: `${WS}/visitors/{anonymousId}`, tag: "Identity", operationId: "getVisitor", role: "viewer",
    summary: "Get a visitor",
    description:
      "A visitor (an anonymous id per device and browser): when it was first and last seen, its first page and referrer, whether it is anonymous or known, " +
      "the customer it resolves to (after merges), every identifier it was linked by (member ids and emails only as keyed hashes; store customer and order ids) " +
      "with the event that proved each, and its event and session counts. Another workspace's visitor, or one never seen, is 404.",
    success: { status: 200, description: "The visitor.", schema: "Visitor" },
  },
  {
    method: "get", path: `${WS}/identity-merges`, tag: "Identity", operationId: "listIdentityMerges", role: "viewer",
    summary: "List merges of customers",
    description:
      "Customers found to be one person, newest first (the latest 200), undone ones included. Identifiers seen in one event are one person: " +
      "a member id sent with two emails merges those emails' customers (`member_id`), an order or store customer seen with an email at checkout merges " +
      "that store customer into the email's (`email_hash`). Identifiers that only share a device (two member ids in one browser) never merge.",
    success: { status: 200, description: "The merges.", schema: "IdentityMergeList" },
  },
  {
    method: "post", path: `${WS}/identity-merges/{id}/undo`, tag: "Identity", operationId: "undoIdentityMerge", role: "admin",
    summary: "Undo a merge",
    description:
      "Separates the two customers again and re-resolves the visitors of both. The merge is kept, marked undone with who undid it and when, " +
      "so the same evidence does not merge them again. Undoing twice is 409.",
    success: { status: 200, description: "The merge, undone.", schema: "IdentityMerge" },
    otherResponses: [{ status: 409, description: "The merge was already undone.", schema: "Error" }],
  },
  {
    method: "delete", path: `${WS}/customers/{id}/tracking-data`, tag: "Identity", operationId: "deleteCustomerTrackingData", role: "admin",
    summary: "Delete a customer's tracking data",
    description:
      "Deletes every visitor that is the customer or was seen with one of their identifiers (their email's hash, their store customer ids, their orders), " +
      "with the visitors' events in every month, their sessions, identity links and the merges the customer took part in; a device shared with someone else " +
      "is deleted too. Store orders and the customer record are not touched (the store's own redaction does that). Answers what was deleted.",
    success: { status: 200, description: "What was deleted.", schema: "TrackingErasure" },
  },
] as const;
