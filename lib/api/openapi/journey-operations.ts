import { ATTRIBUTION_MODELS, LOOKBACK_WINDOWS } from "@/lib/attribution/models";
import type { QueryParameter } from "./report-parameters";

// The customer journey. Valid values come from the lists that validate them.

const WS = "/api/v1/workspaces/{slug}";

export const JOURNEY_QUERY: QueryParameter[] = [
  { name: "model", in: "query", required: false, description: "The model whose credit each touchpoint shows. Default: the workspace's default model.", schema: { type: "string", enum: [...ATTRIBUTION_MODELS] }, example: "linear" },
  { name: "window", in: "query", required: false, description: "The lookback window in days before each order. Default: the workspace's default window.", schema: { type: "integer", enum: [...LOOKBACK_WINDOWS] }, example: "28" },
];

export const JOURNEY_OPERATIONS = [
  {
    method: "get", path: `${WS}/customers/{id}/journey`, tag: "Customers", operationId: "getCustomerJourney", role: "viewer",
    summary: "Get a customer's journey",
    description:
      "One customer's path across their visitors (anonymous ids): each visitor with the identifiers that tie it to the customer and the event that proved each, " +
      "customers merged into this one and why, the latest 200 sessions (channel, source, medium, campaign, landing page without its query string, device) with their key events counted, " +
      "and the latest 50 orders with their value, how each was matched, and the credit every touchpoint in the window got under the model, from the stored attribution. " +
      "Emails appear only as the customer's own (masked for viewers); client addresses never. An unknown model or window is a 400 naming it; " +
      "another workspace's customer, or an id that is not one, is 404.",
    query: JOURNEY_QUERY,
    success: { status: 200, description: "The journey.", schema: "CustomerJourney" },
  },
] as const;
