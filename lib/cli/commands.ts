import { createApiKey } from "../api-keys/service";
import { ZEmail } from "../auth/schemas";
import { registerUser } from "../auth/users";
import { db } from "../db/client";
import { AppError } from "../errors";
import { isRole, ROLES } from "../tenancy/roles";
import { parseInput } from "../validation";
import { createWorkspace } from "../workspaces/service";

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

export const COMMANDS: Record<string, Command> = {
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
};
