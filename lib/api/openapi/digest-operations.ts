// The digest endpoints: scheduled summaries of a workspace's numbers sent to its notification
// destinations. Plain constants, checked against Operation where operations.ts lists them.

const DIGESTS = "/api/v1/workspaces/{slug}/digests";
const DIGEST = `${DIGESTS}/{id}`;

const VISIBILITY = "A personal digest is seen only by the member who created it; to anyone else, as to another workspace, it is 404.";

export const DIGEST_OPERATIONS = [
  {
    method: "get", path: DIGESTS, tag: "Digests", operationId: "listDigests", role: "viewer",
    summary: "List digests", description: `The workspace's digests and the caller's personal ones, oldest first. ${VISIBILITY}`,
    success: { status: 200, description: "The digests.", schema: "DigestList" },
  },
  {
    method: "post", path: DIGESTS, tag: "Digests", operationId: "createDigest", role: "member",
    summary: "Create a digest",
    description:
      "`schedule.kind` is daily, weekdays, weekly (`day_of_week`), monthly (`day_of_month` 1-28 or last) at `time` (HH:MM), or cron (`expression`, five fields, at most hourly), " +
      "read in `time_zone` (default: the workspace's). `basis` is yesterday, last_week or last_month: complete local days. `sections`: kpis (registry metrics, with the change vs " +
      "the previous period and the same weekday last week), top_campaigns, product_groups, cohorts. `template` has a default and per-destination overrides: title and intro with " +
      "`{{metric}}`, `{{metric.change}}`, `{{date}}`, `{{workspace}}`, `{{digest}}` placeholders, sections, conditions (`orders < baseline`), an image and a link; unknown " +
      "placeholders and metrics are refused naming the field. A due digest waits (up to 3 hours) for its sources to sync past the reported days, then goes out naming any stale ones.",
    body: { schema: "DigestCreate" },
    success: { status: 201, description: "The new digest.", schema: "DigestAnswer" },
  },
  {
    method: "get", path: DIGEST, tag: "Digests", operationId: "getDigest", role: "viewer",
    summary: "Get a digest", description: VISIBILITY,
    success: { status: 200, description: "The digest.", schema: "DigestAnswer" },
  },
  {
    method: "patch", path: DIGEST, tag: "Digests", operationId: "updateDigest", role: "member",
    summary: "Edit a digest", description: "Only the fields sent change. A new schedule or time zone counts the next run from now.",
    body: { schema: "DigestUpdate" },
    success: { status: 200, description: "The digest.", schema: "DigestAnswer" },
  },
  {
    method: "delete", path: DIGEST, tag: "Digests", operationId: "deleteDigest", role: "member",
    summary: "Delete a digest", description: "Messages already queued still go out.",
    success: { status: 204, description: "Deleted." },
  },
  {
    method: "post", path: `${DIGEST}/send`, tag: "Digests", operationId: "sendDigestNow", role: "member",
    summary: "Send a digest now",
    description: "Runs the digest at once for its date basis, without waiting for syncs (stale sources are named in the message), and keeps the scheduled run. Each destination's delivery is queued.",
    success: { status: 202, description: "What was queued or held back.", schema: "DigestRunOutcome" },
  },
  {
    method: "get", path: `${DIGEST}/preview`, tag: "Digests", operationId: "previewDigest", role: "viewer",
    summary: "Preview a digest",
    description: "What each destination would receive if the digest ran now: the message document and the formatted body (never the destination's URL or signature).",
    success: { status: 200, description: "Each destination's message and body.", schema: "DigestPreview" },
  },
] as const;
