import { EXPIRY_WARNING_DAYS, KEY_EXPIRES_HEADER, ROTATION_GRACE_HOURS } from "@/lib/api-keys/expiry";
import { API_KEY_PREFIX } from "@/lib/api-keys/service";
import { COMPONENT_SCHEMAS } from "./components";
import { ref, type JsonSchema } from "./json-schema";
import type { Column } from "@/lib/imports/columns";
import { OPERATIONS, TAGS, type Operation } from "./operations";

// Assembles the OpenAPI 3.1 document from the operation list: the same object is served at
// /api/v1/openapi.json and rendered at /docs/api.

export type ErrorStatus = 400 | 401 | 402 | 403 | 404 | 413 | 429;

const ERROR_RESPONSES: Record<ErrorStatus, { name: string; description: string }> = {
  400: { name: "BadRequest", description: "Invalid input; `fields` names each bad field or query parameter." },
  401: { name: "Unauthorized", description: "No API key, or one that is unknown, revoked or expired (the message says which), or a rotated key's previous secret after its grace period." },
  402: { name: "PaymentRequired", description: "The workspace's plan does not allow this: a limit it has reached (the message names it and the plan that lifts it), or the workspace is read-only until a failed payment is made." },
  403: { name: "Forbidden", description: "The key's (or member's) role is too low for this." },
  404: { name: "NotFound", description: "No such resource, or one of another workspace." },
  413: { name: "PayloadTooLarge", description: "The request body is too large." },
  429: { name: "RateLimited", description: "Too many requests, or the workspace's API requests for this month are used up (the message says when the count resets); retry after the Retry-After header's seconds." },
};

const PATH_PARAMETERS: Record<string, string> = {
  slug: "The workspace's address, as in /w/{slug}.",
  widgetId: "A widget of the dashboard.",
  anonymousId: "The visitor's anonymous id (the `anonymous_id` its events carry).",
};

// `{id}` is named the same under every collection; what it identifies is the segment before it.
const IDS_OF: Record<string, string> = {
  dashboards: "A dashboard of the workspace.",
  connections: "A connection of the workspace (its `id` in the list of connections).",
  customers: "A customer of the workspace (its `id` in the list of customers).",
  "identity-merges": "A merge of the workspace (its `id` in the list of merges).",
  folders: "A folder of the workspace's campaigns and flows (its `id` in the list of folders).",
};

function pathParameterDescription(path: string, name: string): string {
  if (name !== "id") return PATH_PARAMETERS[name] ?? "";
  const collection = /\/([\w-]+)\/\{id\}/.exec(path)?.[1] ?? "";
  return IDS_OF[collection] ?? "";
}

/** The error responses an operation can give, from what it takes and who may call it. */
export function errorStatuses(op: Operation): ErrorStatus[] {
  const statuses: ErrorStatus[] = [];
  if (op.query || op.body) statuses.push(400);
  if (op.role) statuses.push(401);
  if (op.role && op.role !== "viewer") statuses.push(403);
  if (op.role) statuses.push(404);
  if (op.body) statuses.push(413);
  // Plans (billing on): any change may meet a limit or a read-only workspace; any call, the month's quota.
  if (op.role && op.method !== "get") statuses.push(402);
  if (op.role) statuses.push(429);
  return statuses.sort((a, b) => a - b);
}

function csvDescription(columns: readonly Column[]): string {
  const list = columns.map((c) => `- \`${c.name}\`${c.required ? " (required)" : ""}${c.description ? `: ${c.description}` : ""}`);
  return ["A header row, then one record per row. Columns:", ...list].join("\n");
}

function requestBody(op: Operation) {
  if (!op.body) return undefined;
  const { schema, description, csvColumns, optional } = op.body;
  const content: Record<string, { schema: JsonSchema }> = {};
  if (schema) content["application/json"] = { schema: ref(schema) };
  if (csvColumns) content["text/csv"] = { schema: { type: "string", description: csvDescription(csvColumns) } };
  return { required: !optional, description, content };
}

/** The warning an answer to an API key carries in the key's last week. */
const KEY_EXPIRY_HEADERS = {
  [KEY_EXPIRES_HEADER]: {
    description: `Sent when the API key used stops working within ${EXPIRY_WARNING_DAYS} days, or when the secret used is a rotated key's previous one: when it stops (ISO 8601).`,
    schema: { type: "string", format: "date-time" },
  },
};

function successResponse(op: Operation) {
  const { status, description, schema, csv, example, text } = op.success;
  const headers = op.role ? { headers: KEY_EXPIRY_HEADERS } : {};
  if (status === 204) return { [status]: { description, ...headers } };
  if (text) return { [status]: { description, content: { [text.contentType]: { schema: { type: "string", description: text.description }, ...(text.example ? { example: text.example } : {}) } } } };
  const content: Record<string, { schema: JsonSchema; example?: unknown }> = {
    "application/json": { schema: schema ? ref(schema) : { type: "object" }, ...(example === undefined ? {} : { example }) },
  };
  if (csv) content["text/csv"] = { schema: { type: "string", description: typeof csv === "string" ? csv : "A header row, one line per row, then a Total line." } };
  return { [status]: { description, ...headers, content } };
}

function otherResponse({ status, description, schema }: NonNullable<Operation["otherResponses"]>[number]) {
  return [status, { description, ...(schema ? { content: { "application/json": { schema: ref(schema) } } } : {}) }] as const;
}

function operationObject(op: Operation) {
  const pathParameters = [...op.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    name: name!,
    in: "path",
    required: true,
    description: pathParameterDescription(op.path, name!),
    schema: { type: "string" },
  }));
  const errors = Object.fromEntries(errorStatuses(op).map((s) => [s, { $ref: `#/components/responses/${ERROR_RESPONSES[s].name}` }]));
  const access = op.operatorToken
    ? `Operators only: \`Authorization: Bearer\` with the installation's ${op.operatorToken}, not an API key.`
    : op.role
      ? `Requires the ${op.role} role${op.role === "owner" ? "" : " or higher"}.`
      : "Public: no authentication.";
  return {
    tags: [op.tag],
    operationId: op.operationId,
    summary: op.summary,
    description: `${op.description} ${access}`,
    "x-minimum-role": op.role,
    security: op.operatorToken ? [{ operatorToken: [] }] : op.role ? [{ bearerAuth: [] }] : [],
    parameters: [...pathParameters, ...(op.query ?? [])],
    requestBody: requestBody(op),
    responses: { ...successResponse(op), ...errors, ...Object.fromEntries((op.otherResponses ?? []).map(otherResponse)) },
  };
}

export function buildOpenApiDocument() {
  const paths: Record<string, Record<string, ReturnType<typeof operationObject>>> = {};
  for (const op of OPERATIONS) (paths[op.path] ??= {})[op.method] = operationObject(op);
  return {
    openapi: "3.1.0",
    info: {
      title: "Signalboard API",
      version: "1",
      description:
        "Marketing analytics for online stores: reports, dashboards, connections and imports over a workspace's data. " +
        `Authenticate with an API key (\`Authorization: Bearer ${API_KEY_PREFIX}...\`), created by a workspace admin under Settings, API keys; ` +
        "a key acts in its own workspace with its own role. " +
        `A key may expire: in its last ${EXPIRY_WARNING_DAYS} days every answer to it carries a \`${KEY_EXPIRES_HEADER}\` header with the instant it stops, and after that it gets 401. Rotating a key issues a new secret and keeps the previous one working for ` +
        `${ROTATION_GRACE_HOURS} hours (its answers carry the header too). Errors are JSON with a code, a message and, for invalid input, the fields at fault. ` +
        "Where billing is on, a workspace's plan limits what it may create (402 past a limit) and how many API requests its keys make each month (429 past it, until the count resets with the workspace's next local month).",
    },
    servers: [{ url: "/" }],
    tags: TAGS.map((t) => ({ ...t })),
    paths,
    components: {
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", description: `An API key: \`${API_KEY_PREFIX}\` followed by the workspace id and a secret.` },
        operatorToken: { type: "http", scheme: "bearer", description: "For operators' endpoints: the token the installation sets in METRICS_TOKEN." },
      },
      schemas: COMPONENT_SCHEMAS,
      responses: Object.fromEntries(
        Object.values(ERROR_RESPONSES).map(({ name, description }) => [name, { description, content: { "application/json": { schema: ref("Error") } } }]),
      ),
    },
  };
}

export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;
export type OperationObject = ReturnType<typeof operationObject>;

