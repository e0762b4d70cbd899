import { createApiKey } from "@/lib/api-keys/service";
import { ZEmail } from "@/lib/auth/schemas";
import { registerUser } from "@/lib/auth/users";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { isRole, ROLES } from "@/lib/tenancy/roles";
import { parseInput } from "@/lib/validation";
import { createWorkspace } from "@/lib/workspaces/service";

export type Command = {
  usage: string;
  options: string[];
  required: string[];
  run: (values: Record<string, string | undefined>) => Promise<string>;
};

async function userIdByEmail(email: string, flag: string): Promise<string> {
  const parsed = parseInput(ZEmail, email);
  const user = await db.user.findUnique({ where: { email: parsed }, select: { id: true } });
  if (!user) throw AppError.field(flag, `No user with the email ${parsed}. Create one with user:create.`, "not_found");
  return user.id;
}

async function workspaceBySlug(slug: string): Promise<{ id: string; slug: string }> {
  const workspace = await db.workspace.findUnique({ where: { slug: slug.toLowerCase() }, select: { id: true, slug: true } });
  if (!workspace) throw AppError.field("workspace", `No workspace with the slug "${slug}".`, "not_found");
  return workspace;
}

function role(value: string | undefined): (typeof ROLES)[number] {
  if (!isRole(value)) throw AppError.field("role", `Choose a role: ${ROLES.join(", ")}.`);
  return value;
}

async function connectionScope(id: string) {
  const connection = await db.connection.findFirst({ where: { id }, select: { workspaceId: true, id: true, status: true } });
  if (!connection) throw AppError.field("connection", `No connection with the id "${id}".`, "not_found");
  if (connection.status === "disconnected") throw AppError.field("connection", "That connection is disconnected.", "conflict");
  return { workspaceId: connection.workspaceId, connectionId: connection.id };
}

function dateFlag(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) throw AppError.field(flag, "Use a date like 2026-01-31.");
  return value;
}

/** Runs a sync to the end in this process and reports what it did. */
async function runSync(scope: { workspaceId: string; connectionId: string }, kind: "incremental" | "manual" | "backfill", range: { from?: Date; to?: Date } = {}) {
  const { openRun } = await import("@/lib/sync/runs");
  const { runLocally } = await import("@/lib/sync/dispatch");
  const started = Date.now();
  const { runId } = await openRun(scope, kind, range);
  const outcome = await runLocally(scope, runId);
  if (outcome === "busy") throw new AppError("conflict", "Another process is syncing this connection right now; try again when it finishes.");
  const run = await db.syncRun.findFirst({ where: { workspaceId: scope.workspaceId, id: runId } });
  const summary = `${kind} run ${runId}: ${run?.status}, ${run?.rowsRead ?? 0} rows read, ${run?.rowsWritten ?? 0} written in ${((Date.now() - started) / 1000).toFixed(1)} s`;
  if (run?.status !== "succeeded") throw new AppError("conflict", `${summary}. ${run?.error ?? ""}`.trim());
  return summary;
}

export const COMMANDS: Record<string, Command> = {
  "operator:grant": {
    usage: "--email <email>",
    options: ["email"],
    required: ["email"],
    run: async (v) => {
      const { grantOperator } = await import("@/lib/operators/operators");
      const { changed } = await grantOperator(v.email);
      return changed ? `${v.email} is now an operator: /admin opens for them.` : `${v.email} was already an operator.`;
    },
  },
  "operator:revoke": {
    usage: "--email <email>",
    options: ["email"],
    required: ["email"],
    run: async (v) => {
      const { revokeOperator } = await import("@/lib/operators/operators");
      const { changed } = await revokeOperator(v.email);
      return changed ? `${v.email} is no longer an operator.` : `${v.email} was not an operator.`;
    },
  },
  "jobs:failed": {
    usage: "[--kind <job id>] [--limit <1-200>]   (failed runs not yet replayed, newest first)",
    options: ["kind", "limit"],
    required: [],
    run: async (v) => {
      const { failedJobRuns } = await import("@/lib/operators/job-runs");
      const runs = await failedJobRuns({ kind: v.kind, limit: v.limit === undefined ? undefined : Number(v.limit) });
      if (runs.length === 0) return "No failed job runs waiting for a replay.";
      return runs
        .map((r) => [r.id, r.kind, r.workspaceId ?? "-", r.finishedAt?.toISOString() ?? "-", (r.error ?? "").split("\n")[0]!.slice(0, 120)].join("  "))
        .join("\n");
    },
  },
  "jobs:replay": {
    usage: "--run <job run id>   (queues a failed run again; in-process jobs run to the end here)",
    options: ["run"],
    required: ["run"],
    run: async (v) => {
      const { replayFailedRun } = await import("@/lib/operators/job-runs");
      const { SYSTEM_ACTOR } = await import("@/lib/audit/record");
      const { inngestEnabled } = await import("@/lib/jobs/backend");
      const replay = await replayFailedRun(v.run!, SYSTEM_ACTOR);
      if (inngestEnabled()) return `Replayed ${v.run} as run ${replay.runId}: queued with Inngest.`;
      const { localJobsSettled } = await import("@/lib/jobs/local");
      await localJobsSettled();
      const run = await db.jobRun.findUnique({ where: { id: replay.runId }, select: { status: true, error: true } });
      const outcome = `Replayed ${v.run} as run ${replay.runId}: ${run?.status ?? "unknown"}`;
      if (run?.status === "failed") throw new AppError("conflict", `${outcome}. ${run.error ?? ""}`.trim());
      return `${outcome}.`;
    },
  },
  "user:create": {
    usage: "--email <email> --password <password> [--name <name>]",
    options: ["email", "password", "name"],
    required: ["email", "password"],
    run: async (v) => {
      const { user } = await registerUser({ email: v.email, password: v.password, name: v.name }, { withWorkspace: false });
      return `Created user ${user.email} (${user.id})`;
    },
  },
  "workspace:create": {
    usage: "--name <name> --owner <email> [--time-zone <IANA zone>] [--currency <ISO code>]",
    options: ["name", "owner", "time-zone", "currency"],
    required: ["name", "owner"],
    run: async (v) => {
      const ownerId = await userIdByEmail(v.owner!, "owner");
      const workspace = await createWorkspace(ownerId, { name: v.name, timeZone: v["time-zone"], currency: v.currency });
      return workspace.slug;
    },
  },
  "member:add": {
    usage: "--workspace <slug> --email <email> --role <owner|admin|member|viewer>",
    options: ["workspace", "email", "role"],
    required: ["workspace", "email", "role"],
    run: async (v) => {
      const r = role(v.role);
      const workspace = await workspaceBySlug(v.workspace!);
      const userId = await userIdByEmail(v.email!, "email");
      const otherOwners = await db.membership.count({ where: { workspaceId: workspace.id, role: "owner", userId: { not: userId } } });
      if (r !== "owner" && otherOwners === 0) throw AppError.field("role", "That would leave the workspace without an owner.", "conflict");
      await db.membership.upsert({
        where: { workspaceId_userId: { workspaceId: workspace.id, userId } },
        create: { workspaceId: workspace.id, userId, role: r },
        update: { role: r },
      });
      return `${v.email} is now ${r} of ${workspace.slug}`;
    },
  },
  "sync:run": {
    usage: "--connection <id>",
    options: ["connection"],
    required: ["connection"],
    run: async (v) => runSync(await connectionScope(v.connection!), "incremental"),
  },
  "sync:backfill": {
    usage: "--connection <id> [--from YYYY-MM-DD] [--to YYYY-MM-DD]   (days in the workspace time zone; no dates: full history)",
    options: ["connection", "from", "to"],
    required: ["connection"],
    run: async (v) => {
      const scope = await connectionScope(v.connection!);
      const from = dateFlag(v.from, "from");
      const to = dateFlag(v.to, "to");
      if (from && to && from > to) throw AppError.field("to", "--to must be on or after --from.");
      if (!from && !to) return runSync(scope, "backfill");
      const { startOfLocalDay, addDays } = await import("@/lib/time/zone");
      const workspace = await db.workspace.findUniqueOrThrow({ where: { id: scope.workspaceId }, select: { timeZone: true } });
      return runSync(scope, "manual", {
        from: from ? startOfLocalDay(from, workspace.timeZone) : undefined,
        to: to ? startOfLocalDay(addDays(to, 1), workspace.timeZone) : undefined,
      });
    },
  },
  "secrets:rotate": {
    usage: "(re-seals stored credentials and emails under the first key in SECRETS_KEYS)",
    options: [],
    required: [],
    run: async () => {
      const { resealAll } = await import("@/lib/crypto/rotate");
      const { connections, customers } = await resealAll();
      return `Re-sealed ${connections} connection credential(s) and ${customers} customer email(s).`;
    },
  },
  "apikey:create": {
    usage: "--workspace <slug> --role <owner|admin|member|viewer> --name <name>",
    options: ["workspace", "role", "name"],
    required: ["workspace", "role", "name"],
    run: async (v) => {
      const r = role(v.role);
      const workspace = await workspaceBySlug(v.workspace!);
      // The operator acts with full authority, as the owner would.
      const { key } = await createApiKey(workspace.id, { userId: null, role: "owner" }, { name: v.name, role: r });
      return key;
    },
  },
  "billing:set-plan": {
    usage: "--workspace <slug> --plan <free|growth|scale> [--until YYYY-MM-DD]   (a comped plan, through that day in the workspace time zone)",
    options: ["workspace", "plan", "until"],
    required: ["workspace", "plan"],
    run: async (v) => {
      const workspace = await workspaceBySlug(v.workspace!);
      const { setCompPlan } = await import("@/lib/billing/comp");
      const { plan } = await setCompPlan(workspace.id, v.plan, dateFlag(v.until, "until") ?? null);
      return `${workspace.slug} is on ${plan.name} ${v.until ? `through ${v.until}` : "without end"}.`;
    },
  },
  "billing:sync": {
    usage: "--workspace <slug>   (re-reads the workspace's subscription from Stripe and applies it)",
    options: ["workspace"],
    required: ["workspace"],
    run: async (v) => {
      const workspace = await workspaceBySlug(v.workspace!);
      const { billingEnabled } = await import("@/lib/billing/config");
      if (!billingEnabled()) throw new AppError("conflict", "Billing is not enabled on this installation (STRIPE_SECRET_KEY is not set).");
      const { syncWorkspaceBilling } = await import("@/lib/billing/sync");
      const { billingOf } = await import("@/lib/billing/state");
      const outcome = await syncWorkspaceBilling(workspace.id);
      const view = await billingOf(workspace.id);
      const now = view.enabled ? `${view.plan.name} (${view.status.replace("_", " ")})` : "no billing";
      return `${workspace.slug}: ${outcome.replace(/_/g, " ")}; now ${now}.`;
    },
  },
};
