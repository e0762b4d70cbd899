import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createDestination, deleteDestination, getDestination, listDestinations, openDestination, updateDestination } from "@/lib/notifications/destinations";
import { isPrivateAddress, webhookUrlProblem } from "@/lib/notifications/url-policy";
import { expectAppError, workspaceWith } from "../helpers";

const SLACK = "https://hooks.slack.com/services/T000/B000/abcdEFGH1234";

afterEach(() => {
  delete process.env.SIGNALBOARD_ALLOW_LOCAL_WEBHOOKS;
});

describe("destination URLs", () => {
  it.each([
    ["http://hooks.slack.com/services/x", "https://"],
    ["https://user:pass@hooks.example.com/x", "user name and password"],
    ["https://127.0.0.1/hook", "public address"],
    ["https://10.1.2.3/hook", "public address"],
    ["https://[::1]/hook", "public address"],
    ["https://localhost:8080/hook", "public address"],
    ["https://169.254.169.254/latest/meta-data", "public address"],
    ["not a url", "full URL"],
  ])("refuses %s outside development", (url, says) => {
    expect(webhookUrlProblem(url)).toContain(says);
  });

  it("accepts public https URLs, and local http ones only with the development flag", () => {
    expect(webhookUrlProblem(SLACK)).toBeNull();
    expect(webhookUrlProblem("http://localhost:4010/hook")).not.toBeNull();
    process.env.SIGNALBOARD_ALLOW_LOCAL_WEBHOOKS = "1";
    expect(webhookUrlProblem("http://localhost:4010/hook")).toBeNull();
    expect(webhookUrlProblem("https://admin:pw@localhost/hook")).toContain("user name and password");
  });

  it("knows private, loopback, link-local and mapped addresses", () => {
    for (const address of ["127.0.0.1", "192.168.1.1", "172.31.0.1", "100.64.0.1", "::1", "fd00::1", "fe80::1", "::ffff:10.0.0.1"]) expect(isPrivateAddress(address)).toBe(true);
    for (const address of ["8.8.8.8", "172.32.0.1", "2606:4700::1111"]) expect(isPrivateAddress(address)).toBe(false);
  });
});

describe("destinations", () => {
  it("seals the config and shows only hints", async () => {
    const { workspace } = await workspaceWith();
    const { destination } = await createDestination(workspace.id, null, { kind: "dingtalk", name: "Ops group", url: "https://oapi.dingtalk.com/robot/send?access_token=tok9876", secret: "SECabcdef0123456789" });
    expect(destination.hint).toEqual({ url: "oapi.dingtalk.com/••••9876", secret: "••••6789" });
    expect(JSON.stringify(destination)).not.toContain("SECabcdef");
    const row = await db.notificationDestination.findUniqueOrThrow({ where: { workspaceId_id: { workspaceId: workspace.id, id: destination.id } } });
    expect(row.config).not.toContain("tok9876");
    expect((await openDestination(workspace.id, destination.id)).config).toEqual({ url: "https://oapi.dingtalk.com/robot/send?access_token=tok9876", secret: "SECabcdef0123456789" });
  });

  it("answers a bad URL with a 400 naming the url field", async () => {
    const { workspace } = await workspaceWith();
    const error = await expectAppError(createDestination(workspace.id, null, { kind: "slack", name: "Growth", url: "http://hooks.slack.com/x" }), "bad_request");
    expect(error.fields).toEqual({ url: "Use an https:// URL." });
    const noKind = await expectAppError(createDestination(workspace.id, null, { name: "Growth", url: SLACK }), "bad_request");
    expect(Object.keys(noKind.fields!)).toEqual(["kind"]);
    const addresses = await expectAppError(createDestination(workspace.id, null, { kind: "email", name: "Team", addresses: "a@example.com, not-an-email" }), "bad_request");
    expect(Object.keys(addresses.fields!)[0]).toMatch(/^addresses/);
    const secret = await expectAppError(createDestination(workspace.id, null, { kind: "webhook", name: "CRM", url: "https://example.com/h", secret: "plain" }), "bad_request");
    expect(Object.keys(secret.fields!)).toEqual(["secret"]);
  });

  it("makes a Standard Webhooks secret when none is given and returns it once", async () => {
    const { workspace } = await workspaceWith();
    const { destination, secret } = await createDestination(workspace.id, null, { kind: "webhook", name: "CRM", url: "https://example.com/h" });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(destination.hint.secret).toBe(`••••${secret!.slice(-4)}`);
    expect((await openDestination(workspace.id, destination.id)).config.secret).toBe(secret);
  });

  it("takes email addresses as a list or as text", async () => {
    const { workspace } = await workspaceWith();
    const { destination } = await createDestination(workspace.id, null, { kind: "email", name: "Founders", addresses: "Ana@Example.com; bo@example.com" });
    expect(destination.hint.addresses).toEqual(["ana@example.com", "bo@example.com"]);
  });

  it("keeps secrets an edit leaves out, and switching back on clears the reason it was switched off", async () => {
    const { workspace } = await workspaceWith();
    const { destination } = await createDestination(workspace.id, null, { kind: "lark", name: "Lark", url: "https://open.feishu.cn/open-apis/bot/v2/hook/a1", secret: "lark-secret" });
    await db.notificationDestination.update({
      where: { workspaceId_id: { workspaceId: workspace.id, id: destination.id } },
      data: { enabled: false, disabledReason: "answered HTTP 404", failureStreak: 3, alertedAt: new Date() },
    });
    const edited = await updateDestination(workspace.id, destination.id, { name: "Lark ops", url: "https://open.feishu.cn/open-apis/bot/v2/hook/b2", enabled: true });
    expect(edited).toMatchObject({ name: "Lark ops", enabled: true, disabledReason: null, failureStreak: 0 });
    expect((await openDestination(workspace.id, destination.id)).config).toEqual({ url: "https://open.feishu.cn/open-apis/bot/v2/hook/b2", secret: "lark-secret" });
    await updateDestination(workspace.id, destination.id, { secret: null });
    expect((await openDestination(workspace.id, destination.id)).config.secret).toBeUndefined();
    const refused = await expectAppError(updateDestination(workspace.id, destination.id, { url: "ftp://x" }), "bad_request");
    expect(Object.keys(refused.fields!)).toEqual(["url"]);
  });

  it("keeps each workspace's destinations to itself", async () => {
    const [mine, theirs] = await Promise.all([workspaceWith(), workspaceWith()]);
    const { destination } = await createDestination(theirs.workspace.id, null, { kind: "slack", name: "Theirs", url: SLACK });
    expect(await listDestinations(mine.workspace.id)).toEqual([]);
    await expectAppError(getDestination(mine.workspace.id, destination.id), "not_found");
    await expectAppError(updateDestination(mine.workspace.id, destination.id, { name: "Mine now" }), "not_found");
    await expectAppError(deleteDestination(mine.workspace.id, destination.id), "not_found");
    expect((await getDestination(theirs.workspace.id, destination.id)).name).toBe("Theirs");
  });

  it("deletes a destination with its delivery log", async () => {
    const { workspace } = await workspaceWith();
    const { destination } = await createDestination(workspace.id, null, { kind: "slack", name: "Gone", url: SLACK });
    await db.notificationDelivery.create({ data: { workspaceId: workspace.id, destinationId: destination.id, messageKind: "test", payload: "x", title: "t" } });
    await deleteDestination(workspace.id, destination.id);
    expect(await db.notificationDelivery.count({ where: { workspaceId: workspace.id } })).toBe(0);
    expect(await listDestinations(workspace.id)).toEqual([]);
  });
});
