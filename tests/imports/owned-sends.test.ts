import fs from "node:fs";
import path from "node:path";
import { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";
import { POST as postToWorkspace } from "@/app/api/v1/workspaces/[slug]/imports/owned-sends/route";
import { keyedHash } from "@/lib/crypto/secrets";
import { db } from "@/lib/db/client";
import { phoneHashOf } from "@/lib/owned/messages/recipient";
import { ownedReport } from "@/lib/owned/report/report";
import { parseOwnedReportQuery } from "@/lib/owned/report/query";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { csv, keyFor, upload, where, workspaceWithKey } from "./support";

vi.mock("@/lib/auth", () => ({ auth: async () => null }));

// Message sends from CSV: the campaigns, flows and messages the rows name are made from them, the
// sends are written as the sends API writes them (recipients as keyed hashes, phones in E.164),
// a send id uploaded again updates its send, and a bad row names its line and column.

const HEADER = "send_id,campaign,campaign_name,campaign_kind,channel,template,template_name,subject,sent_at,status,delivered_at,provider_code,customer_id,email,phone,is_test,segments,points";

const FILE = csv(
  HEADER,
  "s1,news-1,Weekly newsletter,campaign,email,issue-1,Issue 1,Hello,2026-03-02T10:00:00-05:00,delivered,2026-03-02T10:00:05-05:00,250,7001,Ann@Example.com,,false,,",
  "s2,news-1,Weekly newsletter,,Email,issue-1,Issue 1,Hello,2026-03-02T10:00:00-05:00,failed,,550 5.1.1 no such user,,bob@example.com,,,,",
  "s3,news-1,Weekly newsletter,,email,issue-1,Issue 1,Hello,2026-03-02T09:00:00-05:00,delivered,,,,qa@example.com,,TRUE,,",
  "s4,cart-sms,Abandoned cart (SMS),flow,sms,cart-1,Reminder,,2026-03-02T23:30:00-05:00,sent,,,7003,,(415) 555-0132,no,2,",
);

async function sendsOf(workspaceId: string) {
  return db.ownedSend.findMany({ where: { workspaceId }, orderBy: { sendId: "asc" } });
}

describe("message send imports", () => {
  it("defines the campaigns and messages the rows name and stores the sends as the API does", async () => {
    const { workspace, key } = await workspaceWithKey();
    const { status, json } = await upload("owned-sends", key, { csv: FILE });
    expect(status).toBe(200);
    expect(json).toMatchObject({ kind: "owned_sends", rows_total: 4, rows_applied: 4, errors: [] });

    const campaigns = await db.ownedCampaign.findMany({ where: { workspaceId: workspace.id }, orderBy: { externalId: "asc" } });
    expect(campaigns.map((c) => [c.externalId, c.name, c.kind, c.channel, c.source])).toEqual([
      ["cart-sms", "Abandoned cart (SMS)", "flow", "sms", "csv"],
      ["news-1", "Weekly newsletter", "campaign", "email", "csv"],
    ]);
    const templates = await db.ownedTemplate.findMany({ where: { workspaceId: workspace.id }, orderBy: { externalId: "asc" } });
    expect(templates.map((t) => [t.externalId, t.name, t.subject])).toEqual([["cart-1", "Reminder", null], ["issue-1", "Issue 1", "Hello"]]);

    const sends = await sendsOf(workspace.id);
    expect(sends.map((s) => [s.sendId, s.source, s.status, s.isTest, s.providerCode, s.segments, s.sentDay?.toISOString().slice(0, 10)])).toEqual([
      ["s1", "csv", "delivered", false, "250", null, "2026-03-02"],
      ["s2", "csv", "failed", false, "550 5.1.1 no such user", null, "2026-03-02"],
      ["s3", "csv", "delivered", true, null, null, "2026-03-02"],
      // 23:30 in New York is the next day in UTC: the day is the workspace's.
      ["s4", "csv", "sent", false, null, 2, "2026-03-02"],
    ]);
    // Recipients only as keyed hashes: the email's is the one customers are matched by, the phone's of its E.164 form.
    expect(sends[0]!.recipientEmailHash).toBe(keyedHash("ann@example.com"));
    expect(sends[0]!.recipientCustomerId).toBe("7001");
    expect(sends[0]!.deliveredAt?.toISOString()).toBe("2026-03-02T15:00:05.000Z");
    expect(sends[2]!.deliveredAt?.toISOString()).toBe("2026-03-02T14:00:00.000Z");
    expect(sends[3]!.recipientPhoneHash).toBe(phoneHashOf("+14155550132"));
    const stored = JSON.stringify(sends, (_k, v) => (typeof v === "bigint" ? String(v) : v));
    expect(stored).not.toMatch(/example\.com|4155550132/);

    // The report counts them: the test send apart, the failed one as not delivered.
    const report = await ownedReport(workspace.id, parseOwnedReportQuery(new URLSearchParams({ date_from: "2026-03-02", date_to: "2026-03-02" }), "2026-03-02"));
    expect(report.totals).toMatchObject({ sends: 3, delivered: 1, failed: 1 });
    expect(report.rows.map((r) => [r.campaign, r.kind, r.channel, r.sends])).toEqual([
      ["Weekly newsletter", "campaign", "email", 2],
      ["Abandoned cart (SMS)", "flow", "sms", 1],
    ]);
  });

  it("updates a send uploaded again by its send_id instead of adding one", async () => {
    const { workspace, key } = await workspaceWithKey();
    await upload("owned-sends", key, { csv: FILE });
    const later = csv(HEADER, "s4,cart-sms,Abandoned cart (SMS),flow,sms,cart-1,Reminder,,2026-03-02T23:30:00-05:00,failed,,30008,7003,,+1 415 555 0132,,2,");
    const { status, json } = await upload("owned-sends", key, { csv: later });
    expect([status, json.rows_applied]).toEqual([200, 1]);
    const sends = await sendsOf(workspace.id);
    expect(sends).toHaveLength(4);
    expect(sends.find((s) => s.sendId === "s4")).toMatchObject({ status: "failed", providerCode: "30008" });
    expect(await db.ownedCampaign.count({ where: { workspaceId: workspace.id } })).toBe(2);
  });

  it("names the line and column of every bad row and stores nothing", async () => {
    const { workspace, key } = await workspaceWithKey();
    const bad = csv(
      HEADER,
      "a1,news,News,campaign,email,t1,,,2026-03-02T10:00:00-05:00,delivered,,,,ann@example.com,,,,",
      "a2,news,News,campaign,fax,t1,,,2026-03-02T10:00:00-05:00,,,,,ann@example.com,,,,",
      "a3,news,News,campaign,email,t1,,,2026-03-02 10:00,,,,,ann@example.com,,,,",
      "a4,news,News,campaign,email,t1,,,2026-03-02T10:00:00-05:00,,,,,,,,,",
      "a5,news,News,campaign,email,t1,,,2026-03-02T10:00:00-05:00,,,,,,12,,,",
      "a6,news,News,campaign,sms,t1,,,2026-03-02T10:00:00-05:00,,,,,ann@example.com,,,,",
      "a1,news,News,campaign,email,t1,,,2026-03-02T10:00:00-05:00,,,,,ann@example.com,,,,",
      "a8,news,News,campaign,email,t1,,,2026-03-02T10:00:00-05:00,sent,2026-03-02T10:00:00-05:00,,,ann@example.com,,,,",
      "a9,news,News,campaign,email,t1,,,2026-03-02T10:00:00-05:00,bounced,,,,ann@example.com,,maybe,0,",
    );
    const { status, json } = await upload("owned-sends", key, { csv: bad });
    expect(status).toBe(422);
    expect(json.rows_applied).toBe(0);
    expect(where(json)).toEqual([
      "2 send_id", "3 channel", "4 sent_at", "5 customer_id", "6 phone", "7 channel", "8 send_id",
      "9 delivered_at", "10 status", "10 is_test", "10 segments",
    ]);
    expect(json.errors.find((e) => e.field === "phone")?.message).toMatch(/cannot be read as a phone number/);
    expect(json.errors.find((e) => e.row === 7)?.message).toMatch(/Row 6 puts the campaign "news" on email/);
    expect(json.errors.find((e) => e.row === 5)?.message).toBe("Give the recipient: a customer_id, an email or a phone.");
    expect(await sendsOf(workspace.id)).toEqual([]);
    expect(await db.ownedCampaign.count({ where: { workspaceId: workspace.id } })).toBe(0);

    // partial=true stores the good row (the duplicated send id is refused on both of its rows).
    const partial = await upload("owned-sends", key, { csv: bad }, { partial: true });
    expect([partial.status, partial.json.rows_applied]).toEqual([422, 0]);
    const fixable = csv(HEADER, "b1,news,News,campaign,email,t1,,,2026-03-02T10:00:00-05:00,,,,,ann@example.com,,,,", "b2,news,News,campaign,email,t1,,,soon,,,,,ann@example.com,,,,");
    const second = await upload("owned-sends", key, { csv: fixable }, { partial: true });
    expect([second.status, second.json.rows_applied, where(second.json)]).toEqual([200, 1, ["3 sent_at"]]);
    expect((await sendsOf(workspace.id)).map((s) => s.sendId)).toEqual(["b1"]);
  });

  it("refuses a campaign an earlier upload put on another channel", async () => {
    const { workspace, key } = await workspaceWithKey();
    await upload("owned-sends", key, { csv: FILE });
    const moved = csv(HEADER, "s9,news-1,Weekly newsletter,campaign,sms,issue-1,Issue 1,,2026-03-03T10:00:00-05:00,,,,7001,,,,,");
    const { status, json } = await upload("owned-sends", key, { csv: moved });
    expect(status).toBe(422);
    expect(json.errors).toEqual([{ row: 2, field: "channel", message: 'The campaign "news-1" is on email since an earlier upload; a campaign stays on one channel.' }]);
    expect(await db.ownedSend.count({ where: { workspaceId: workspace.id, sendId: "s9" } })).toBe(0);
  });

  it("takes JSON rows, a dry run stores nothing, and the sample file imports cleanly", async () => {
    const { workspace, key } = await workspaceWithKey();
    const json = { rows: [{ send_id: "j1", campaign: "push-1", channel: "push", template: "p", sent_at: "2026-03-02T10:00:00Z", customer_id: 7001, is_test: false }] };
    const dry = await upload("owned-sends", key, { json }, { dry_run: true });
    expect([dry.status, dry.json.rows_valid, dry.json.import_id]).toEqual([200, 1, null]);
    expect(await sendsOf(workspace.id)).toEqual([]);
    expect((await upload("owned-sends", key, { json })).json.rows_applied).toBe(1);

    const sample = fs.readFileSync(path.join(process.cwd(), "public/samples/owned-sends-import.csv"), "utf8");
    const { status, json: result } = await upload("owned-sends", key, { csv: sample });
    expect([status, result.errors_total, result.rows_applied]).toEqual([200, 0, result.rows_total]);
    const history = await db.dataImport.findMany({ where: { workspaceId: workspace.id }, select: { kind: true } });
    expect(history.map((h) => h.kind)).toEqual(["owned_sends", "owned_sends"]);
  });

  it("lets members import, not viewers, and answers 404 for another workspace's slug", async () => {
    const { owner, workspace, key } = await workspaceWithKey("viewer");
    expect((await upload("owned-sends", key, { csv: FILE })).status).toBe(403);
    const member = await keyFor(workspace, owner.id, "member");
    expect((await upload("owned-sends", member, { csv: FILE })).status).toBe(200);

    const stranger = await seedUser();
    const other = await seedWorkspace(stranger.id, { timeZone: "UTC", currency: "USD" });
    const request = new NextRequest(`http://localhost/api/v1/workspaces/${other.slug}/imports/owned-sends`, {
      method: "POST",
      headers: { authorization: `Bearer ${member}`, "content-type": "text/csv" },
      body: FILE,
    });
    const response = await postToWorkspace(request, { params: Promise.resolve({ slug: other.slug }) });
    expect(response.status).toBe(404);
    expect(await db.ownedSend.count({ where: { workspaceId: other.id } })).toBe(0);
  });
});
