import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { seedMembership, seedUser, seedWorkspace } from "@/lib/seed/factories";
import { createApiKey } from "@/lib/api-keys/service";
import { createInvitation } from "@/lib/invitations/service";
import { workspaceForUser } from "@/lib/tenancy/guard";
import { createWorkspace, deleteWorkspace, listWorkspacesForUser, updateWorkspace } from "@/lib/workspaces/service";
import { expectAppError, unique, uniqueEmail } from "./helpers";

beforeAll(() => {
  vi.stubEnv("SMTP_URL", ""); // the invitation mail goes to the outbox table
  vi.spyOn(console, "info").mockImplementation(() => {});
});

describe("createWorkspace", () => {
  it("creates the workspace with the creator as its only member, an owner", async () => {
    const user = await seedUser();
    const name = `Acme ${unique()}`;
    const workspace = await createWorkspace(user.id, { name, timeZone: "Europe/Berlin", currency: "eur" });

    expect(workspace).toMatchObject({ name, timeZone: "Europe/Berlin", currency: "EUR" });
    const row = await db.workspace.findUniqueOrThrow({ where: { id: workspace.id } });
    expect(row).toMatchObject({ slug: workspace.slug, name, timeZone: "Europe/Berlin", currency: "EUR" });
    const memberships = await db.membership.findMany({ where: { workspaceId: workspace.id } });
    expect(memberships).toEqual([expect.objectContaining({ userId: user.id, role: "owner" })]);
  });

  it("derives the slug from the name", async () => {
    const user = await seedUser();
    const tag = unique("shop");
    const workspace = await createWorkspace(user.id, { name: `Café ${tag}!` });
    expect(workspace.slug).toBe(`cafe-${tag}`);
    expect(workspace).toMatchObject({ timeZone: "UTC", currency: "USD" }); // defaults
  });

  it("adds -2, -3 ... when the slug is taken", async () => {
    const [a, b, c] = await Promise.all([seedUser(), seedUser(), seedUser()]);
    const name = `Clash ${unique()}`;
    const first = await createWorkspace(a.id, { name });
    const second = await createWorkspace(b.id, { name });
    const third = await createWorkspace(c.id, { name: name.toUpperCase() });
    expect(second.slug).toBe(`${first.slug}-2`);
    expect(third.slug).toBe(`${first.slug}-3`);
    expect(new Set([first.id, second.id, third.id]).size).toBe(3);
  });

  it("gives every one of several simultaneous sign-ups with one name its own slug", async () => {
    const users = await Promise.all(Array.from({ length: 4 }, () => seedUser()));
    const name = `Race ${unique()}`;
    const results = await Promise.allSettled(users.map((u) => createWorkspace(u.id, { name })));
    const slugs = results.map((r) => (r.status === "fulfilled" ? r.value.slug : `rejected: ${String(r.reason)}`));
    expect(new Set(slugs).size).toBe(4);
    for (const slug of slugs) expect(slug).toMatch(/^race-[a-z0-9-]+$/);
  });

  it("validates its input and creates nothing when it is bad", async () => {
    const user = await seedUser();
    const error = await expectAppError(createWorkspace(user.id, { name: "", timeZone: "Nowhere/Land", currency: "ZZZ" }), "bad_request");
    expect(Object.keys(error.fields ?? {}).sort()).toEqual(["currency", "name", "timeZone"]);
    expect(await db.membership.count({ where: { userId: user.id } })).toBe(0);
  });
});

describe("updateWorkspace", () => {
  it("changes only the fields given", async () => {
    const user = await seedUser();
    const workspace = await seedWorkspace(user.id, { timeZone: "America/New_York", currency: "USD" });
    const newName = `Renamed ${unique()}`;
    const updated = await updateWorkspace(workspace.id, { name: newName, currency: "gbp" });
    expect(updated).toEqual({ ...workspace, name: newName, currency: "GBP" });
    expect(await db.workspace.findUniqueOrThrow({ where: { id: workspace.id }, select: { name: true, slug: true, currency: true, timeZone: true } })).toEqual({
      name: newName,
      slug: workspace.slug,
      currency: "GBP",
      timeZone: "America/New_York",
    });
  });

  it("changes the slug, normalised", async () => {
    const user = await seedUser();
    const workspace = await seedWorkspace(user.id);
    const slug = unique("new-address");
    const updated = await updateWorkspace(workspace.id, { slug: `  ${slug.toUpperCase()} ` });
    expect(updated.slug).toBe(slug);
    expect(await workspaceForUser(slug, user.id)).toMatchObject({ workspace: { id: workspace.id } });
  });

  it("refuses a slug that another workspace has, as a conflict on slug", async () => {
    const user = await seedUser();
    const [taken, mine] = [await seedWorkspace(user.id), await seedWorkspace(user.id)];
    const error = await expectAppError(updateWorkspace(mine.id, { slug: taken.slug }), "conflict");
    expect(error.status).toBe(409);
    expect(error.fields).toHaveProperty("slug");
    expect((await db.workspace.findUniqueOrThrow({ where: { id: mine.id } })).slug).toBe(mine.slug);
  });

  it("refuses a reserved slug", async () => {
    const user = await seedUser();
    const workspace = await seedWorkspace(user.id);
    const error = await expectAppError(updateWorkspace(workspace.id, { slug: "admin" }), "bad_request");
    expect(error.fields?.slug).toMatch(/reserved/);
  });

  it("refuses a bad time zone as a bad request naming timeZone, and changes nothing", async () => {
    const user = await seedUser();
    const workspace = await seedWorkspace(user.id);
    const error = await expectAppError(updateWorkspace(workspace.id, { name: "Changed", timeZone: "Atlantis/Capital" }), "bad_request");
    expect(Object.keys(error.fields ?? {})).toEqual(["timeZone"]);
    expect(await db.workspace.findUniqueOrThrow({ where: { id: workspace.id }, select: { name: true, timeZone: true } })).toEqual({
      name: workspace.name,
      timeZone: workspace.timeZone,
    });
  });

  it("stores a time zone alias under the name the pickers list", async () => {
    const user = await seedUser();
    const workspace = await seedWorkspace(user.id);
    const updated = await updateWorkspace(workspace.id, { timeZone: "Etc/UTC" });
    expect(updated.timeZone).toBe("UTC");
    expect((await db.workspace.findUniqueOrThrow({ where: { id: workspace.id } })).timeZone).toBe("UTC");
  });

  it("refuses unknown fields rather than writing them", async () => {
    const user = await seedUser();
    const workspace = await seedWorkspace(user.id);
    const error = await expectAppError(updateWorkspace(workspace.id, { id: "someone-else" }), "bad_request");
    expect(error.fields).toHaveProperty("body");
  });
});

describe("deleteWorkspace", () => {
  async function populated() {
    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id);
    const member = await seedUser();
    await seedMembership(workspace.id, member.id, "member");
    const context = await workspaceForUser(workspace.slug, owner.id);
    await createInvitation(context, { email: uniqueEmail("invitee"), role: "viewer" });
    await createApiKey(workspace.id, { userId: owner.id, role: "owner" }, { name: "CI", role: "member" });
    return { owner, member, workspace };
  }

  const counts = (workspaceId: string) =>
    Promise.all([
      db.workspace.count({ where: { id: workspaceId } }),
      db.membership.count({ where: { workspaceId } }),
      db.invitation.count({ where: { workspaceId } }),
      db.apiKey.count({ where: { workspaceId } }),
    ]);

  it.each([
    ["a wrong slug", "not-the-slug"],
    ["nothing", undefined],
    ["an empty string", ""],
    ["a non-string", 42],
  ])("with %s as confirmation is a bad request on confirmation and deletes nothing", async (_label, confirmation) => {
    const { workspace } = await populated();
    const error = await expectAppError(deleteWorkspace(workspace, confirmation), "bad_request");
    expect(error.fields?.confirmation).toContain(workspace.slug);
    expect(await counts(workspace.id)).toEqual([1, 2, 1, 1]);
  });

  it("does not accept the slug in another case", async () => {
    const { workspace } = await populated();
    await expectAppError(deleteWorkspace(workspace, workspace.slug.toUpperCase()), "bad_request");
    expect((await counts(workspace.id))[0]).toBe(1);
  });

  it("with the slug typed back deletes the workspace and everything in it, but not the people", async () => {
    const { owner, member, workspace } = await populated();
    expect(await counts(workspace.id)).toEqual([1, 2, 1, 1]);
    await deleteWorkspace(workspace, ` ${workspace.slug} `);
    expect(await counts(workspace.id)).toEqual([0, 0, 0, 0]);
    expect(await db.user.count({ where: { id: { in: [owner.id, member.id] } } })).toBe(2);
  });

  it("leaves the owner's other workspaces alone", async () => {
    const { owner, workspace } = await populated();
    const other = await seedWorkspace(owner.id);
    await deleteWorkspace(workspace, workspace.slug);
    expect((await listWorkspacesForUser(owner.id)).map((w) => w.id)).toEqual([other.id]);
  });
});

describe("listWorkspacesForUser", () => {
  it("lists the user's workspaces with their role, by name, and no others", async () => {
    const user = await seedUser();
    const other = await seedUser();
    const tag = unique();
    const zeta = await seedWorkspace(user.id, { name: `Zeta ${tag}` });
    const alpha = await seedWorkspace(other.id, { name: `Alpha ${tag}` });
    const mid = await seedWorkspace(other.id, { name: `Mid ${tag}` });
    await seedWorkspace(other.id, { name: `Not mine ${tag}` });
    await seedMembership(alpha.id, user.id, "viewer");
    await seedMembership(mid.id, user.id, "admin");

    const list = await listWorkspacesForUser(user.id);
    expect(list).toEqual([
      { ...alpha, role: "viewer" },
      { ...mid, role: "admin" },
      { ...zeta, role: "owner" },
    ]);
  });

  it("is empty for someone with no workspaces", async () => {
    const user = await seedUser();
    expect(await listWorkspacesForUser(user.id)).toEqual([]);
  });
});
