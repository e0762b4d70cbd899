import crypto from "node:crypto";
import { expect } from "vitest";
import { db } from "@/lib/db/client";
import { AppError, type ErrorCode } from "@/lib/errors";
import { seedMembership, seedUser, seedWorkspace } from "@/lib/seed/factories";
import { workspaceForUser, type WorkspaceContext } from "@/lib/tenancy/guard";
import type { Role } from "@/lib/tenancy/roles";

// Every test builds its own data: the database is shared by all files of the run, in parallel.

export const unique = (label = "x") => `${label}-${crypto.randomBytes(5).toString("hex")}`;

export const uniqueEmail = (label = "user") => `${unique(label)}@example.test`;

/** A client "IP" of its own, so rate-limit counters never collide across tests. */
export const uniqueIp = () => unique("ip");

/** Runs `promise`, demands an AppError with `code`, and returns it for further checks. */
export async function expectAppError(promise: Promise<unknown>, code: ErrorCode): Promise<AppError> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected an AppError "${code}" but nothing was thrown`).toBeDefined();
  expect(caught).toBeInstanceOf(AppError);
  const error = caught as AppError;
  expect({ code: error.code, message: error.message }).toMatchObject({ code });
  return error;
}

/** Same as expectAppError for code that throws synchronously. */
export function expectAppErrorSync(fn: () => unknown, code: ErrorCode): AppError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected an AppError "${code}" but nothing was thrown`).toBeInstanceOf(AppError);
  const error = caught as AppError;
  expect(error.code).toBe(code);
  return error;
}

/** An owner with a fresh workspace, plus one user per extra role, each with a real guard context. */
export async function workspaceWith<R extends Role>(roles: readonly R[] = []) {
  const [owner, ...users] = await Promise.all([seedUser(), ...roles.map(() => seedUser())]);
  const workspace = await seedWorkspace(owner!.id);
  const members = [] as { role: R; user: Awaited<ReturnType<typeof seedUser>>; context: WorkspaceContext }[];
  // One at a time, so membership created_at (and listMembers order) follows `roles`.
  for (const [i, role] of roles.entries()) {
    const user = users[i]!;
    await seedMembership(workspace.id, user.id, role);
    members.push({ role, user, context: await workspaceForUser(workspace.slug, user.id) });
  }
  const ownerContext = await workspaceForUser(workspace.slug, owner!.id);
  return { owner: owner!, workspace, ownerContext, members };
}

export async function roleOf(workspaceId: string, userId: string): Promise<Role | null> {
  const row = await db.membership.findUnique({ where: { workspaceId_userId: { workspaceId, userId } }, select: { role: true } });
  return row?.role ?? null;
}

export async function outboxFor(to: string) {
  return db.outboxEmail.findMany({ where: { to }, orderBy: { createdAt: "asc" } });
}

/** Pulls the one link of `path` (e.g. "/invite/") out of an email's text. */
export function linkIn(text: string, path: string): string {
  const matches = text.match(new RegExp(`https?://\\S+${path.replace(/\//g, "\\/")}\\S+`, "g")) ?? [];
  expect(matches, `expected exactly one ${path} link in:\n${text}`).toHaveLength(1);
  return matches[0]!;
}

export const tokenFrom = (url: string) => decodeURIComponent(url.slice(url.lastIndexOf("/") + 1));

/** A server-rendered page as the words a reader sees: tags dropped, the entities React writes decoded. */
export const pageText = (html: string) =>
  html.replace(/<[^>]+>/g, " ").replace(/&#x27;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, "&").replace(/\s+/g, " ");

/** A server action's form submission. */
export function formOf(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
}
