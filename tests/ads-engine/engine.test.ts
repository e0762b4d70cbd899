import { describe, expect, it } from "vitest";
import { runAdSlice } from "@/lib/ads/engine";
import { startAdBackfill } from "@/lib/ads/backfill";
import { ConnectorError } from "@/lib/connectors/common/errors";
import { db } from "@/lib/db/client";
import { runReport } from "@/lib/metrics/report/run";
import { executeRun } from "@/lib/sync/runner";
import { createRun, getRun } from "@/lib/sync/runs";
import { dueSyncs } from "@/lib/sync/scheduler";
import { addDays, localDate, startOfLocalDay } from "@/lib/time/zone";
import { expectAppError, outboxFor } from "../helpers";
import { adConnection, authError, FakeAdProvider } from "./fake-provider";

const noSleep = async () => {};
type Scope = { workspaceId: string; connectionId: string };

const insightsOf = (scope: Scope) =>
  db.adInsightDaily.findMany({ where: { workspaceId: scope.workspaceId, connectionId: scope.connectionId }, orderBy: [{ day: "asc" }, { campaignId: "asc" }] });

const rowAt = async (scope: Scope, day: string, campaignId: string) =>
  (await insightsOf(scope)).find((r) => r.day.toISOString().slice(0, 10) === day && r.campaignId === campaignId);

async function run(scope: Scope, fake: FakeAdProvider, kind: "backfill" | "incremental" | "restatement" | "manual", range: { from?: Date; to?: Date } = {}) {
  const { id } = await createRun(scope, kind, range);
  const outcome = await executeRun(scope, id, { adProvider: fake, sleep: noSleep });
  return { id, outcome, run: (await getRun(scope, id))! };
}

async function backfilled(options: Parameters<typeof adConnection>[0] = {}) {
  const setup = await adConnection(options);
  const today = localDate(new Date(), options.accountTimeZone ?? options.timeZone ?? "America/New_York");
  const fake = new FakeAdProvider().fill(addDays(today, -24), today, ["c1", "c2"]);
  const { outcome } = await run(setup.scope, fake, "backfill");
  expect(outcome).toBe("succeeded");
  fake.fetched = [];
  return { ...setup, fake, today };
}

describe("ad sync engine", () => {
  it("backfills in windows newest first, and a killed run resumes at its checkpoint without duplicating a row", async () => {
    const { scope } = await adConnection();
    const today = localDate(new Date(), "America/New_York");
    const fake = new FakeAdProvider().fill(addDays(today, -40), today, ["c1", "c2"]);
    // The second window fails: the process "dies" after one committed slice.
    fake.failOn = { day: addDays(today, -15), error: new ConnectorError("transient", "meta_ads", "socket hang up") };
    const { id, outcome, run: failed } = await run(scope, fake, "backfill");
    expect(outcome).toBe("failed");
    expect(failed).toMatchObject({ rowsExpected: 25, rowsWritten: 10, rowsRead: 10, checkpoint: { mode: "ads", fromDay: addDays(today, -24), toDay: today, doneFrom: addDays(today, -9) } });
    expect(await insightsOf(scope)).toHaveLength(20);

    // The scheduler hands the unfinished run to a new process.
    await db.syncRun.updateMany({ where: { workspaceId: scope.workspaceId, id }, data: { status: "running" } });
    expect(await executeRun(scope, id, { adProvider: fake, sleep: noSleep })).toBe("succeeded");
    expect(fake.fetched).toEqual([
      { fromDay: addDays(today, -9), toDay: today },
      { fromDay: addDays(today, -19), toDay: addDays(today, -10) },
      { fromDay: addDays(today, -19), toDay: addDays(today, -10) },
      { fromDay: addDays(today, -24), toDay: addDays(today, -20) },
    ]);
    const rows = await insightsOf(scope);
    // 25 days (the platform's history limit), two campaigns, each once.
    expect(rows).toHaveLength(50);
    expect(new Set(rows.map((r) => `${r.campaignId}:${r.day.toISOString()}`)).size).toBe(50);
    expect(rows[0]!.day.toISOString().slice(0, 10)).toBe(addDays(today, -24));
    expect(await db.adCampaign.count({ where: scope })).toBe(2);
    expect(await getRun(scope, id)).toMatchObject({ status: "succeeded", rowsWritten: 25, rowsExpected: 25 });
    const connection = await db.connection.findFirstOrThrow({ where: { workspaceId: scope.workspaceId, id: scope.connectionId } });
    expect(connection.status).toBe("active");
    expect(connection.nextSyncAt!.getTime()).toBeGreaterThan(Date.now() + 9 * 60_000);
  });

  it("restates the last days: changed numbers overwrite, a vanished campaign goes, counts stay, and reports follow", async () => {
    const { scope, workspace, fake, today } = await backfilled();
    const yesterday = addDays(today, -1);
    const report = () => runReport(workspace.id, { date_from: yesterday, date_to: yesterday, metrics: ["ad_spend", "ad_conversions"] });
    const before = await report();
    expect(before.totals.ad_spend).toBe("20.00");
    const count = (await insightsOf(scope)).length;

    fake.put(yesterday, "c1", { spend: "25.50", conversions: "7" });
    const { outcome } = await run(scope, fake, "restatement");
    expect(outcome).toBe("succeeded");
    // The default three closed days, not today.
    expect(fake.fetched).toEqual([{ fromDay: addDays(today, -3), toDay: yesterday }]);
    expect((await rowAt(scope, yesterday, "c1"))!.spend.toString()).toBe("25.5");
    expect(await insightsOf(scope)).toHaveLength(count);
    const after = await report();
    expect(after.totals.ad_spend).toBe("35.50");
    expect(after.totals.ad_conversions).not.toEqual(before.totals.ad_conversions);

    fake.days.get(yesterday)!.delete("c2");
    await run(scope, fake, "restatement");
    expect(await rowAt(scope, yesterday, "c2")).toBeUndefined();
    expect(await insightsOf(scope)).toHaveLength(count - 1);
    expect((await report()).totals.ad_spend).toBe("25.50");
  });

  it("writes nothing of a window whose data is malformed, and says which field", async () => {
    const { scope, fake, today } = await backfilled();
    const yesterday = addDays(today, -1);
    fake.put(yesterday, "c1", { spend: "99.00" });
    // A number where the platform documents a string, two days back in the same window.
    fake.put(addDays(today, -2), "c2", { spend: 12.5 });
    const { outcome, run: failed } = await run(scope, fake, "restatement");
    expect(outcome).toBe("failed");
    expect(failed.error).toContain("Meta Ads sent data we cannot accept");
    expect(failed.error).toContain("spend");
    expect(failed.error).toContain("Nothing was written");
    expect(failed.errorCode).toBe("bad_response");
    // Yesterday's valid row was in the same window: it keeps the numbers of the last good pull.
    expect((await rowAt(scope, yesterday, "c1"))!.spend.toString()).toBe("10");
    expect((await rowAt(scope, addDays(today, -2), "c2"))!.spend.toString()).toBe("10");
    const connection = await db.connection.findFirstOrThrow({ where: { workspaceId: scope.workspaceId, id: scope.connectionId } });
    expect(connection).toMatchObject({ status: "error", lastError: failed.error });
  });

  it("records what a window lacked as the run's warnings, once each, and still succeeds", async () => {
    const { scope, fake, today } = await backfilled();
    fake.maxWindowDays = 1;
    fake.put(addDays(today, -1), "c1", { spend: "50.00" });
    const refused = "Meta Ads refused the ad-level report (200), so campaigns synced without ads: Meta denied access to this ad account.";
    fake.warnings = [refused, refused];
    const { outcome, run: done } = await run(scope, fake, "restatement");
    expect(outcome).toBe("succeeded");
    expect(fake.fetched.length).toBeGreaterThan(1);
    expect(done).toMatchObject({ status: "succeeded", error: null, warnings: [refused] });
    expect((await rowAt(scope, addDays(today, -1), "c1"))!.spend.toString()).toBe("50");
    const connection = await db.connection.findFirstOrThrow({ where: { workspaceId: scope.workspaceId, id: scope.connectionId } });
    expect(connection).toMatchObject({ status: "active", lastError: null });

    fake.warnings = [];
    const { run: clean } = await run(scope, fake, "restatement");
    expect(clean.warnings).toEqual([]);
  });

  it("keeps the last good numbers when the platform fails mid-run", async () => {
    const { scope, fake, today } = await backfilled();
    fake.maxWindowDays = 1;
    for (const day of [addDays(today, -1), addDays(today, -2), addDays(today, -3)]) fake.put(day, "c1", { spend: "50.00" });
    fake.failOn = { day: addDays(today, -2), error: new ConnectorError("transient", "meta_ads", "Meta had a server error (HTTP 500).", { status: 500 }) };
    const { outcome, run: failed } = await run(scope, fake, "restatement");
    expect(outcome).toBe("failed");
    expect(failed.errorCode).toBe("platform_unavailable");
    expect(failed.error).toMatch(/^Meta Ads could not be reached .*retried/);
    // The first (newest) day was committed whole; the failed one and the older one are untouched.
    expect((await rowAt(scope, addDays(today, -1), "c1"))!.spend.toString()).toBe("50");
    expect((await rowAt(scope, addDays(today, -2), "c1"))!.spend.toString()).toBe("10");
    expect((await rowAt(scope, addDays(today, -3), "c1"))!.spend.toString()).toBe("10");
    expect(failed.rowsWritten).toBe(1);
  });

  it("marks a refused token needs_reauth and emails the admins once across repeated runs", async () => {
    const { scope, owner, fake } = await backfilled();
    fake.failOn = { always: true, error: authError() };
    const first = await run(scope, fake, "incremental");
    expect(first.outcome).toBe("failed");
    const message = "Meta no longer accepts Signalboard's access (the token expired or was revoked). Reconnect Meta Ads to resume syncing.";
    expect(first.run).toMatchObject({ errorCode: "needs_reauth", error: message });
    const connection = await db.connection.findFirstOrThrow({ where: { workspaceId: scope.workspaceId, id: scope.connectionId } });
    expect(connection).toMatchObject({ status: "needs_reauth", lastError: message, nextSyncAt: null });

    await run(scope, fake, "manual");
    await run(scope, fake, "restatement");
    const mails = (await outboxFor(owner.email)).filter((m) => m.subject.includes("needs to be reconnected"));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toContain("Acme Meta");
    expect(mails[0]!.text).toContain("Reconnect Meta Ads");
    // Its schedule stops until someone reconnects.
    const due = await dueSyncs(new Date(Date.now() + 86_400_000), { workspaceId: scope.workspaceId });
    expect(due).toEqual([]);
  });

  it("names the account when access to it is lost or it was deleted", async () => {
    const { scope, fake } = await backfilled();
    const account = (await db.connection.findFirstOrThrow({ where: { workspaceId: scope.workspaceId, id: scope.connectionId } })).externalAccountId;
    fake.failOn = { always: true, error: new ConnectorError("permission", "meta_ads", "(#200) Ad account owner has NOT grant ads_management or ads_read permission", { providerCode: "200" }) };
    const denied = await run(scope, fake, "incremental");
    expect(denied.run.error).toContain(`The connected user lost access to ad account ${account}`);
    fake.failOn = { always: true, error: new ConnectorError("not_found", "meta_ads", "Unsupported get request.", { providerCode: "100" }) };
    const gone = await run(scope, fake, "incremental");
    expect(gone.run.error).toContain(`The ad account ${account} was deleted or is no longer visible`);
    const connection = await db.connection.findFirstOrThrow({ where: { workspaceId: scope.workspaceId, id: scope.connectionId } });
    expect(connection.status).toBe("error");
  });

  it("keeps an account's day as the same calendar date when its zone differs from the workspace's", async () => {
    // Auckland is 17-18 hours ahead of New York: its today is often New York's tomorrow.
    const { scope, workspace } = await adConnection({ timeZone: "America/New_York", accountTimeZone: "Pacific/Auckland" });
    const accountToday = localDate(new Date(), "Pacific/Auckland");
    const day = addDays(accountToday, -5);
    const fake = new FakeAdProvider().fill(addDays(accountToday, -24), accountToday, ["c1"]);
    fake.put(day, "c1", { spend: "42.00" });
    // A manual re-sync of that one workspace day, as the form and the CLI request it.
    const { outcome } = await run(scope, fake, "manual", { from: startOfLocalDay(day, workspace.timeZone), to: startOfLocalDay(addDays(day, 1), workspace.timeZone) });
    expect(outcome).toBe("succeeded");
    expect(fake.fetched).toEqual([{ fromDay: day, toDay: day }]);
    const report = await runReport(workspace.id, { date_from: day, date_to: day, metrics: ["ad_spend"] });
    expect(report.totals.ad_spend).toBe("42.00");

    // Incremental syncs follow the account's clock: its today, whatever the workspace's is.
    fake.fetched = [];
    await run(scope, fake, "incremental");
    expect(fake.fetched.at(-1)!.toDay).toBe(accountToday);
  });

  it("refuses another workspace's connection as if it did not exist", async () => {
    const { scope } = await adConnection();
    const other = await adConnection();
    const foreign = { workspaceId: other.workspace.id, connectionId: scope.connectionId };
    await expectAppError(startAdBackfill(foreign), "not_found");
    const { id } = await createRun(scope, "incremental");
    await expect(runAdSlice({ ...foreign }, id, new FakeAdProvider())).rejects.toThrow(/not found/);
    expect(await insightsOf(scope)).toHaveLength(0);
  });
});
