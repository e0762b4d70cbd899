import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { hashToken, makeScopedToken } from "@/lib/auth/tokens";
import {
  acceptInvitation,
  createInvitation,
  INVITATION_TTL_MS,
  invitationProblem,
  listPendingInvitations,
  lookupInvitation,
  resendInvitation,
  revokeInvitation,
} from "@/lib/invitations/service";
import { seedMembership, seedUser } from "@/lib/seed/factories";
import { workspaceForUser } from "@/lib/tenancy/guard";
import { expectAppError, linkIn, outboxFor, roleOf, tokenFrom, uniqueEmail, workspaceWith } from "./helpers";

const APP_URL = "https://signalboard.test";

beforeAll(() => {
  vi.stubEnv("SMTP_URL", ""); // mail goes to the outbox table
  vi.stubEnv("APP_URL", APP_URL);
  vi.spyOn(console, "info").mockImplementation(() => {});
});

/** The token of the newest invitation email sent to `email`, and how many were sent. */
async function lastInviteToken(email: string) {
  const mails = await outboxFor(email);
  expect(mails.length).toBeGreaterThan(0);
  const url = linkIn(mails.at(-1)!.text, "/invite/");
  return { url, token: tokenFrom(url), count: mails.length, mail: mails.at(-1)! };
}

describe("createInvitation", () => {
  it("stores a pending invitation and mails a working link", async () => {
    const { owner, workspace, ownerContext } = await workspaceWith([]);
    await db.user.update({ where: { id: owner.id }, data: { name: "Olga Owner" } });
    const email = uniqueEmail("invitee");
    const before = Date.now();
    const { id, url } = await createInvitation(ownerContext, { email: `  ${email.toUpperCase()} `, role: "member" });

    const row = await db.invitation.findUniqueOrThrow({ where: { workspaceId_id: { workspaceId: workspace.id, id } } });
    expect(row).toMatchObject({ email, role: "member", invitedById: owner.id, acceptedAt: null, revokedAt: null });
    expect(row.expiresAt.getTime()).toBeGreaterThanOrEqual(before + INVITATION_TTL_MS - 1000);
    expect(row.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + INVITATION_TTL_MS + 1000);

    // The mail goes to the normalised address and carries the same link the caller got back.
    const { url: mailed, token, count, mail } = await lastInviteToken(email);
    expect(count).toBe(1);
    expect(mailed).toBe(url);
    expect(url.startsWith(`${APP_URL}/invite/`)).toBe(true);
    expect(mail.subject).toContain(workspace.name);
    expect(mail.subject).toContain("Olga Owner");
    expect(mail.text).toContain("as Member");
    expect(mail.html).toContain(url);

    // Only the hash is stored, and the link resolves to this invitation.
    expect(row.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(await lookupInvitation(token)).toEqual({
      status: "valid",
      email,
      role: "member",
      workspace: { id: workspace.id, slug: workspace.slug, name: workspace.name },
    });
  });

  it("lets an admin invite up to admin", async () => {
    const { workspace, members } = await workspaceWith(["admin"]);
    const email = uniqueEmail();
    const { id } = await createInvitation(members[0]!.context, { email, role: "admin" });
    expect(await db.invitation.findUnique({ where: { workspaceId_id: { workspaceId: workspace.id, id } } })).toMatchObject({ role: "admin" });
    expect((await lastInviteToken(email)).count).toBe(1);
  });

  it("does not let an admin invite an owner, and sends nothing", async () => {
    const { workspace, members } = await workspaceWith(["admin"]);
    const email = uniqueEmail();
    const error = await expectAppError(createInvitation(members[0]!.context, { email, role: "owner" }), "forbidden");
    expect(error.fields).toHaveProperty("role");
    expect(await db.invitation.count({ where: { workspaceId: workspace.id } })).toBe(0);
    expect(await outboxFor(email)).toEqual([]);
  });

  it("is forbidden to members and viewers", async () => {
    const { workspace, members } = await workspaceWith(["member", "viewer"]);
    for (const { context } of members) {
      await expectAppError(createInvitation(context, { email: uniqueEmail(), role: "viewer" }), "forbidden");
    }
    expect(await db.invitation.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });

  it("refuses someone who is already a member, in any case, with conflict on email", async () => {
    const { ownerContext, members } = await workspaceWith(["viewer"]);
    const memberEmail = members[0]!.user.email;
    for (const email of [memberEmail, memberEmail.toUpperCase()]) {
      const error = await expectAppError(createInvitation(ownerContext, { email, role: "admin" }), "conflict");
      expect(error.fields).toHaveProperty("email");
    }
    expect(await outboxFor(memberEmail)).toEqual([]);
  });

  it("does not count membership of another workspace", async () => {
    const { ownerContext } = await workspaceWith([]);
    const elsewhere = await workspaceWith(["member"]);
    const email = elsewhere.members[0]!.user.email;
    await createInvitation(ownerContext, { email, role: "member" });
    expect((await lastInviteToken(email)).count).toBe(1);
  });

  it("validates email and role", async () => {
    const { workspace, ownerContext } = await workspaceWith([]);
    const error = await expectAppError(createInvitation(ownerContext, { email: "not-an-email", role: "boss" }), "bad_request");
    expect(Object.keys(error.fields ?? {}).sort()).toEqual(["email", "role"]);
    expect(await db.invitation.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });

  it("re-inviting a pending address replaces the token: one invitation, old link dead", async () => {
    const { workspace, ownerContext } = await workspaceWith([]);
    const email = uniqueEmail();
    const first = await createInvitation(ownerContext, { email, role: "viewer" });
    const { token: oldToken } = await lastInviteToken(email);
    expect((await lookupInvitation(oldToken)).status).toBe("valid");

    const second = await createInvitation(ownerContext, { email: email.toUpperCase(), role: "admin" });
    const { token: newToken, count } = await lastInviteToken(email);
    expect(second.id).toBe(first.id);
    expect(count).toBe(2);
    expect(newToken).not.toBe(oldToken);
    expect(await lookupInvitation(oldToken)).toEqual({ status: "invalid" });
    expect(await lookupInvitation(newToken)).toMatchObject({ status: "valid", role: "admin" });
    expect(await db.invitation.count({ where: { workspaceId: workspace.id, email } })).toBe(1);

    const user = await seedUser({ email });
    await expectAppError(acceptInvitation(oldToken, user), "not_found");
    await acceptInvitation(newToken, user);
    expect(await roleOf(workspace.id, user.id)).toBe("admin");
  });

  it("re-inviting after a revoke starts a new invitation", async () => {
    const { workspace, ownerContext } = await workspaceWith([]);
    const email = uniqueEmail();
    const first = await createInvitation(ownerContext, { email, role: "viewer" });
    await revokeInvitation(ownerContext, first.id);
    const second = await createInvitation(ownerContext, { email, role: "viewer" });
    expect(second.id).not.toBe(first.id);
    expect((await lookupInvitation((await lastInviteToken(email)).token)).status).toBe("valid");
    expect(await db.invitation.count({ where: { workspaceId: workspace.id, email } })).toBe(2);
  });
});

describe("resendInvitation", () => {
  it("sends a new link and kills the old one", async () => {
    const { ownerContext } = await workspaceWith([]);
    const email = uniqueEmail();
    const { id, url: oldUrl } = await createInvitation(ownerContext, { email, role: "member" });
    const oldToken = tokenFrom(oldUrl);

    const { url } = await resendInvitation(ownerContext, id);
    const { url: mailed, count } = await lastInviteToken(email);
    expect(count).toBe(2);
    expect(mailed).toBe(url);
    expect(url).not.toBe(oldUrl);
    expect(await lookupInvitation(oldToken)).toEqual({ status: "invalid" });
    expect(await lookupInvitation(tokenFrom(url))).toMatchObject({ status: "valid", email, role: "member" });
  });

  it("revives an expired invitation with a fresh expiry", async () => {
    const { workspace, ownerContext } = await workspaceWith([]);
    const email = uniqueEmail();
    const { id, url: oldUrl } = await createInvitation(ownerContext, { email, role: "member" });
    await db.invitation.update({ where: { workspaceId_id: { workspaceId: workspace.id, id } }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await lookupInvitation(tokenFrom(oldUrl))).status).toBe("expired");
    const { url } = await resendInvitation(ownerContext, id);
    expect((await lookupInvitation(tokenFrom(url))).status).toBe("valid");
  });

  it("answers not_found for revoked, accepted or another workspace's invitations", async () => {
    const { ownerContext } = await workspaceWith([]);
    const revokedEmail = uniqueEmail();
    const revoked = await createInvitation(ownerContext, { email: revokedEmail, role: "member" });
    await revokeInvitation(ownerContext, revoked.id);
    await expectAppError(resendInvitation(ownerContext, revoked.id), "not_found");

    const acceptedEmail = uniqueEmail();
    const accepted = await createInvitation(ownerContext, { email: acceptedEmail, role: "member" });
    await acceptInvitation(tokenFrom(accepted.url), await seedUser({ email: acceptedEmail }));
    await expectAppError(resendInvitation(ownerContext, accepted.id), "not_found");

    const other = await workspaceWith([]);
    const foreignEmail = uniqueEmail();
    const foreign = await createInvitation(other.ownerContext, { email: foreignEmail, role: "member" });
    await expectAppError(resendInvitation(ownerContext, foreign.id), "not_found");
    expect((await outboxFor(foreignEmail)).length).toBe(1);
    expect((await lookupInvitation(tokenFrom(foreign.url))).status).toBe("valid");
  });

  it("does not let an admin resend an owner invitation", async () => {
    const { ownerContext, members } = await workspaceWith(["admin"]);
    const email = uniqueEmail();
    const { id, url } = await createInvitation(ownerContext, { email, role: "owner" });
    await expectAppError(resendInvitation(members[0]!.context, id), "forbidden");
    expect((await lookupInvitation(tokenFrom(url))).status).toBe("valid");
    expect((await outboxFor(email)).length).toBe(1);
  });
});

describe("revokeInvitation", () => {
  it("revokes: the link says revoked and cannot be accepted", async () => {
    const { workspace, ownerContext } = await workspaceWith([]);
    const email = uniqueEmail();
    const { id, url } = await createInvitation(ownerContext, { email, role: "member" });
    await revokeInvitation(ownerContext, id);
    expect(await lookupInvitation(tokenFrom(url))).toMatchObject({ status: "revoked", email });
    const user = await seedUser({ email });
    const error = await expectAppError(acceptInvitation(tokenFrom(url), user), "conflict");
    expect(error.message).toBe(invitationProblem("revoked"));
    expect(await roleOf(workspace.id, user.id)).toBeNull();
    // Twice is not found.
    await expectAppError(revokeInvitation(ownerContext, id), "not_found");
  });

  it("cannot revoke another workspace's invitation", async () => {
    const { ownerContext } = await workspaceWith([]);
    const other = await workspaceWith([]);
    const { id, url } = await createInvitation(other.ownerContext, { email: uniqueEmail(), role: "member" });
    await expectAppError(revokeInvitation(ownerContext, id), "not_found");
    expect((await lookupInvitation(tokenFrom(url))).status).toBe("valid");
  });

  it("is forbidden to a member", async () => {
    const { ownerContext, members } = await workspaceWith(["member"]);
    const { id, url } = await createInvitation(ownerContext, { email: uniqueEmail(), role: "viewer" });
    await expectAppError(revokeInvitation(members[0]!.context, id), "forbidden");
    expect((await lookupInvitation(tokenFrom(url))).status).toBe("valid");
  });
});

describe("listPendingInvitations", () => {
  it("shows pending invitations of this workspace only, flagging expired ones", async () => {
    const { workspace, ownerContext } = await workspaceWith([]);
    const [pending, expired, revoked, accepted] = [uniqueEmail("p"), uniqueEmail("e"), uniqueEmail("r"), uniqueEmail("a")];
    await createInvitation(ownerContext, { email: pending, role: "member" });
    const e = await createInvitation(ownerContext, { email: expired, role: "viewer" });
    await db.invitation.update({ where: { workspaceId_id: { workspaceId: workspace.id, id: e.id } }, data: { expiresAt: new Date(Date.now() - 1) } });
    await revokeInvitation(ownerContext, (await createInvitation(ownerContext, { email: revoked, role: "member" })).id);
    const a = await createInvitation(ownerContext, { email: accepted, role: "member" });
    await acceptInvitation(tokenFrom(a.url), await seedUser({ email: accepted }));
    const other = await workspaceWith([]);
    await createInvitation(other.ownerContext, { email: uniqueEmail(), role: "member" });

    const list = await listPendingInvitations(workspace.id);
    expect(list.map((i) => [i.email, i.expired]).sort()).toEqual([
      [expired, true],
      [pending, false],
    ].sort());
  });
});

describe("lookupInvitation", () => {
  it("says invalid for malformed and unknown tokens", async () => {
    const { workspace, ownerContext } = await workspaceWith([]);
    const { url } = await createInvitation(ownerContext, { email: uniqueEmail(), role: "member" });
    const token = tokenFrom(url);
    for (const bad of ["", "garbage", `${workspace.id}.`, makeScopedToken(workspace.id), `${token}x`, token.toUpperCase()]) {
      expect(await lookupInvitation(bad), bad).toEqual({ status: "invalid" });
    }
  });

  it("does not find a token under another workspace id", async () => {
    const { ownerContext } = await workspaceWith([]);
    const other = await workspaceWith([]);
    const { url } = await createInvitation(ownerContext, { email: uniqueEmail(), role: "member" });
    const secret = tokenFrom(url).split(".")[1];
    expect(await lookupInvitation(`${other.workspace.id}.${secret}`)).toEqual({ status: "invalid" });
  });

  it("reports valid, expired, used and revoked", async () => {
    const { workspace, ownerContext } = await workspaceWith([]);
    const email = uniqueEmail();
    const { id, url } = await createInvitation(ownerContext, { email, role: "viewer" });
    const token = tokenFrom(url);
    const where = { workspaceId_id: { workspaceId: workspace.id, id } };
    expect((await lookupInvitation(token)).status).toBe("valid");

    await db.invitation.update({ where, data: { expiresAt: new Date(Date.now() - 60_000) } });
    expect(await lookupInvitation(token)).toMatchObject({ status: "expired", email, role: "viewer", workspace: { slug: workspace.slug } });
    await db.invitation.update({ where, data: { expiresAt: new Date(Date.now() + 60_000) } });
    expect((await lookupInvitation(token)).status).toBe("valid");

    await db.invitation.update({ where, data: { revokedAt: new Date() } });
    expect((await lookupInvitation(token)).status).toBe("revoked");
    await db.invitation.update({ where, data: { revokedAt: null, acceptedAt: new Date() } });
    expect((await lookupInvitation(token)).status).toBe("used");
  });

  it("has a message for every unusable status and none for valid", () => {
    expect(invitationProblem("valid")).toBeNull();
    for (const status of ["invalid", "used", "revoked", "expired"] as const) expect(invitationProblem(status)).toMatch(/\S/);
  });
});

describe("acceptInvitation", () => {
  it("makes the invited person a member with the invited role", async () => {
    const { workspace, ownerContext } = await workspaceWith([]);
    const email = uniqueEmail();
    const { id, url } = await createInvitation(ownerContext, { email, role: "admin" });
    const user = await seedUser({ email });
    expect(await acceptInvitation(tokenFrom(url), user)).toEqual({ slug: workspace.slug });
    expect(await roleOf(workspace.id, user.id)).toBe("admin");
    expect(await workspaceForUser(workspace.slug, user.id, "members.manage")).toMatchObject({ role: "admin" });
    const row = await db.invitation.findUniqueOrThrow({ where: { workspaceId_id: { workspaceId: workspace.id, id } } });
    expect(row.acceptedById).toBe(user.id);
    expect(row.acceptedAt).toBeInstanceOf(Date);
    expect((await lookupInvitation(tokenFrom(url))).status).toBe("used");
  });

  it("works once: a second accept is a conflict", async () => {
    const { workspace, ownerContext } = await workspaceWith([]);
    const email = uniqueEmail();
    const { url } = await createInvitation(ownerContext, { email, role: "viewer" });
    const user = await seedUser({ email });
    await acceptInvitation(tokenFrom(url), user);
    const error = await expectAppError(acceptInvitation(tokenFrom(url), user), "conflict");
    expect(error.message).toBe(invitationProblem("used"));
    // Still one membership, still the invited role.
    expect(await db.membership.count({ where: { workspaceId: workspace.id, userId: user.id } })).toBe(1);
    expect(await roleOf(workspace.id, user.id)).toBe("viewer");
  });

  it("works once even when accepted twice at the same moment", async () => {
    const { ownerContext } = await workspaceWith([]);
    const email = uniqueEmail();
    const { url } = await createInvitation(ownerContext, { email, role: "viewer" });
    const user = await seedUser({ email });
    const results = await Promise.allSettled([acceptInvitation(tokenFrom(url), user), acceptInvitation(tokenFrom(url), user)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toMatchObject({ code: "conflict" });
  });

  it("is forbidden to someone signed in with another address, and leaves the invitation usable", async () => {
    const { workspace, ownerContext } = await workspaceWith([]);
    const email = uniqueEmail();
    const { url } = await createInvitation(ownerContext, { email, role: "member" });
    const intruder = await seedUser();
    const error = await expectAppError(acceptInvitation(tokenFrom(url), intruder), "forbidden");
    expect(error.message).toContain(email);
    expect(await roleOf(workspace.id, intruder.id)).toBeNull();
    expect((await lookupInvitation(tokenFrom(url))).status).toBe("valid");
  });

  it("matches the email without regard to case", async () => {
    const { workspace, ownerContext } = await workspaceWith([]);
    const email = uniqueEmail("MixedCase");
    const { url } = await createInvitation(ownerContext, { email: email.toUpperCase(), role: "member" });
    const user = await seedUser({ email });
    await acceptInvitation(tokenFrom(url), { id: user.id, email: email.toUpperCase() });
    expect(await roleOf(workspace.id, user.id)).toBe("member");
  });

  it("refuses expired, revoked and unknown links", async () => {
    const { workspace, ownerContext } = await workspaceWith([]);
    const email = uniqueEmail();
    const user = await seedUser({ email });
    const expired = await createInvitation(ownerContext, { email, role: "member" });
    await db.invitation.update({ where: { workspaceId_id: { workspaceId: workspace.id, id: expired.id } }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect((await expectAppError(acceptInvitation(tokenFrom(expired.url), user), "conflict")).message).toBe(invitationProblem("expired"));
    await expectAppError(acceptInvitation(makeScopedToken(workspace.id), user), "not_found");
    await expectAppError(acceptInvitation("nonsense", user), "not_found");
    expect(await roleOf(workspace.id, user.id)).toBeNull();
  });

  it("does not demote someone who became a member in the meantime", async () => {
    const { workspace, ownerContext } = await workspaceWith([]);
    const email = uniqueEmail();
    const { url } = await createInvitation(ownerContext, { email, role: "viewer" });
    const user = await seedUser({ email });
    await seedMembership(workspace.id, user.id, "admin");
    await acceptInvitation(tokenFrom(url), user);
    expect(await roleOf(workspace.id, user.id)).toBe("admin");
  });
});
