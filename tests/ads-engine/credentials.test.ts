import { describe, expect, it } from "vitest";
import { freshTokens, readAdCredentials, warnExpiringTokens } from "@/lib/connections/credentials";
import { ConnectorError } from "@/lib/connectors/common/errors";
import { db } from "@/lib/db/client";
import { executeRun } from "@/lib/sync/runner";
import { createRun, getRun } from "@/lib/sync/runs";
import { dueSyncs } from "@/lib/sync/scheduler";
import { outboxFor } from "../helpers";
import { adConnection, FakeAdProvider, tokens } from "./fake-provider";

type Scope = { workspaceId: string; connectionId: string };
const stored = (scope: Scope) => db.connection.findFirstOrThrow({ where: { workspaceId: scope.workspaceId, id: scope.connectionId } });

describe("ad connection tokens", () => {
  it("are sealed at rest", async () => {
    const { scope } = await adConnection({ tokens: tokens({ accessToken: "EAAB-secret-access", refreshToken: "secret-refresh" }) });
    const row = await stored(scope);
    expect(row.credentials).not.toContain("EAAB-secret-access");
    expect(row.credentials).not.toContain("secret-refresh");
    expect(readAdCredentials(row)).toMatchObject({ mode: "oauth", tokens: { accessToken: "EAAB-secret-access" } });
  });

  it("are refreshed once before they lapse, even by two runs at once, and the sync uses the fresh one", async () => {
    const { scope } = await adConnection({ tokens: tokens({ expiresAt: new Date(Date.now() + 60_000).toISOString() }) });
    const fake = new FakeAdProvider();
    const [a, b] = await Promise.all([freshTokens(scope, fake), freshTokens(scope, fake)]);
    expect(fake.refreshCalls).toBe(1);
    expect(a.accessToken).toBe("refreshed-1");
    expect(b.accessToken).toBe("refreshed-1");
    // The refresh token the platform did not resend is kept.
    const saved = readAdCredentials(await stored(scope));
    expect(saved).toMatchObject({ tokens: { accessToken: "refreshed-1", refreshToken: "refresh-1" } });
    expect((await stored(scope)).credentials).not.toContain("refreshed-1");

    // Fresh for another hour: no second refresh, and the fetch carried the new token.
    const run = await createRun(scope, "incremental");
    expect(await executeRun(scope, run.id, { adProvider: fake, sleep: async () => {} })).toBe("succeeded");
    expect(fake.refreshCalls).toBe(1);
    expect(fake.accessTokensSeen).toEqual(["refreshed-1"]);
  });

  it("turns a refused refresh (invalid_grant) into needs_reauth", async () => {
    const { scope } = await adConnection({ tokens: tokens({ expiresAt: new Date(Date.now() - 60_000).toISOString() }) });
    const fake = new FakeAdProvider();
    fake.refresh = async () => {
      throw new ConnectorError("bad_request", "google_ads", "Token has been expired or revoked.", { providerCode: "invalid_grant", status: 400 });
    };
    const error = await freshTokens(scope, fake).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ kind: "auth", providerCode: "invalid_grant" });

    const run = await createRun(scope, "incremental");
    expect(await executeRun(scope, run.id, { adProvider: fake, sleep: async () => {} })).toBe("failed");
    expect(await stored(scope)).toMatchObject({ status: "needs_reauth" });
    expect(fake.fetched).toEqual([]);
    expect((await getRun(scope, run.id))!.errorCode).toBe("needs_reauth");
  });

  it("does not try a refresh token that has itself lapsed", async () => {
    const past = new Date(Date.now() - 1000).toISOString();
    const { scope } = await adConnection({ tokens: tokens({ expiresAt: past, refreshExpiresAt: past }) });
    const fake = new FakeAdProvider();
    await expect(freshTokens(scope, fake)).rejects.toMatchObject({ kind: "auth" });
    expect(fake.refreshCalls).toBe(0);
  });

  it("keeps a transient refresh failure retryable", async () => {
    const { scope } = await adConnection({ tokens: tokens({ expiresAt: new Date(Date.now() + 1000).toISOString() }) });
    const fake = new FakeAdProvider();
    fake.refresh = async () => {
      throw new ConnectorError("transient", "meta_ads", "Meta had a server error (HTTP 503).", { status: 503 });
    };
    await expect(freshTokens(scope, fake)).rejects.toMatchObject({ kind: "transient" });
  });

  it("warns admins once, a week ahead, that a long-lived token will lapse", async () => {
    const lapse = new Date(Date.now() + 5 * 86_400_000).toISOString();
    const { scope, owner, workspace } = await adConnection({ tokens: tokens({ refreshToken: null, expiresAt: lapse }) });
    const far = await adConnection({ tokens: tokens({ refreshToken: null, expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString() }) });

    expect(await warnExpiringTokens(new Date(), { workspaceId: workspace.id })).toBe(1);
    expect(await warnExpiringTokens(new Date(), { workspaceId: workspace.id })).toBe(0);
    // The scheduler's tick runs the same check.
    await dueSyncs(new Date(), { workspaceId: workspace.id });
    expect(await warnExpiringTokens(new Date(), { workspaceId: far.workspace.id })).toBe(0);

    const mails = await outboxFor(owner.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toContain("Meta Ads access ends on");
    expect(mails[0]!.text).toContain("Reconnect Meta Ads before then");
    // The warning does not hold the incident marker that a later real failure needs.
    expect((await stored(scope)).alertedAt).toBeNull();
    expect(readAdCredentials(await stored(scope))).toMatchObject({ expiryWarnedFor: lapse });
    expect(await outboxFor(far.owner.email)).toHaveLength(0);
  });

  it("schedules ad connections like stores: incremental every 10 minutes, restatement at the hour in the account's zone", async () => {
    const { scope, workspace } = await adConnection({ timeZone: "America/New_York", accountTimeZone: "Asia/Tokyo" });
    const now = new Date();
    await db.connection.update({
      where: { workspaceId_id: { workspaceId: scope.workspaceId, id: scope.connectionId } },
      data: { nextSyncAt: new Date(now.getTime() - 1000), lastSuccessAt: now },
    });
    expect((await dueSyncs(now, { workspaceId: workspace.id })).map((d) => d.kind)).toEqual(["incremental"]);
    const next = (await stored(scope)).nextRestatementAt!;
    // 04:00 in Tokyo, within the next day.
    expect(next.getTime()).toBeGreaterThan(now.getTime());
    expect(next.getTime() - now.getTime()).toBeLessThanOrEqual(86_400_000);
    expect(new Intl.DateTimeFormat("en", { timeZone: "Asia/Tokyo", hour: "numeric", hourCycle: "h23" }).format(next)).toBe("04");
    const due = await dueSyncs(new Date(next.getTime() + 1000), { workspaceId: workspace.id });
    expect(due.map((d) => d.kind).sort()).toEqual(["incremental", "restatement"]);
  });
});
