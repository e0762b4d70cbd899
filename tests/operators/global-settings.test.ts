import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { saveGlobalSettingsAction } from "@/app/admin/settings/actions";
import GlobalSettingsPage from "@/app/admin/settings/page";
import { currentUser } from "@/lib/auth/session";
import { googleSignUpRefused, registerUser } from "@/lib/auth/users";
import { storedBilling, viewOf } from "@/lib/billing/state";
import { db } from "@/lib/db/client";
import { getGlobalSettings, updateGlobalSettings } from "@/lib/operators/global-settings";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { expectAppError, formOf, pageText, uniqueEmail } from "../helpers";
import { useOwnDatabase } from "./own-database";

vi.mock("@/lib/auth/session", () => ({ currentUser: vi.fn(async () => null) }));
vi.mock("@/lib/auth", () => ({ auth: vi.fn(async () => null) }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

// The installation's settings, saved from /admin/settings and honoured where they bite: the
// sign-up flow (password and Google) and the creation of a workspace. A database of this file's
// own, since the settings are global.

const PASSWORD = "correct-horse-battery";
const signUp = (email = uniqueEmail()) => registerUser({ email, password: PASSWORD, workspaceName: "Shop", timeZone: "UTC", currency: "USD" }, { withWorkspace: true });

let operatorId: string;

beforeAll(async () => {
  await useOwnDatabase();
  const operator = await seedUser();
  await db.user.update({ where: { id: operator.id }, data: { isOperator: true } });
  operatorId = operator.id;
  vi.mocked(currentUser).mockResolvedValue({ id: operator.id, email: operator.email, name: null });
}, 120_000);

async function planOfNewWorkspace() {
  const owner = await seedUser();
  const workspace = await seedWorkspace(owner.id);
  const found = (await storedBilling(workspace.id))!;
  const view = viewOf(found.stored, found.timeZone);
  return { persisted: found.persisted, plan: view.enabled ? view.plan.id : null, status: view.enabled ? view.status : null };
}

describe("global settings", () => {
  it("start open, with new workspaces on the Growth trial", async () => {
    expect(await getGlobalSettings()).toEqual({ signupMode: "open", defaultPlan: "growth" });
    expect(await planOfNewWorkspace()).toEqual({ persisted: false, plan: "growth", status: "trialing" });
    await expect(signUp()).resolves.toMatchObject({ workspace: expect.objectContaining({ slug: expect.any(String) }) });
  });

  it("close sign-up when invite-only, but not an invitation's account, and open it again", async () => {
    const saved = await saveGlobalSettingsAction(null, formOf({ signupMode: "invite_only", defaultPlan: "growth" }));
    expect(saved).toMatchObject({ ok: true });
    const refused = await expectAppError(signUp(), "forbidden");
    expect(refused.fields?.email).toMatch(/invitation only/);
    // An invitation's acceptance creates the account without a workspace: still allowed.
    await expect(registerUser({ email: uniqueEmail("invited"), password: PASSWORD }, { withWorkspace: false })).resolves.toBeDefined();
    // A first Google sign-in would create an account: refused; an existing account's is not.
    expect(await googleSignUpRefused(uniqueEmail("google"))).toBe(true);
    expect(await googleSignUpRefused((await seedUser()).email)).toBe(false);
    vi.mocked(currentUser).mockResolvedValueOnce(null);
    const page = pageText(renderToStaticMarkup(await (await import("@/app/(auth)/sign-up/page")).default()));
    expect(page).toContain("Sign-up is by invitation only here");
    expect(page).not.toContain("Create account");

    await updateGlobalSettings(operatorId, { signupMode: "open", defaultPlan: "growth" });
    await expect(signUp()).resolves.toBeDefined();
    expect(await googleSignUpRefused(uniqueEmail("google"))).toBe(false);
  });

  it("start new workspaces on the chosen plan: Free without a trial, Scale with one", async () => {
    await updateGlobalSettings(operatorId, { signupMode: "open", defaultPlan: "free" });
    expect(await planOfNewWorkspace()).toEqual({ persisted: true, plan: "free", status: "free" });
    await updateGlobalSettings(operatorId, { signupMode: "open", defaultPlan: "scale" });
    expect(await planOfNewWorkspace()).toEqual({ persisted: true, plan: "scale", status: "trialing" });
    // The sign-up's own workspace too.
    const { workspace } = await signUp();
    expect((await storedBilling(workspace!.id))!.stored).toMatchObject({ plan: "scale", status: "trialing" });
    await updateGlobalSettings(operatorId, { signupMode: "open", defaultPlan: "growth" });
    expect(await planOfNewWorkspace()).toEqual({ persisted: false, plan: "growth", status: "trialing" });
  });

  it("record every change with its operator and before and after, and nothing for a save that changes nothing", async () => {
    const before = await db.operatorEvent.count({ where: { action: "global_settings.changed" } });
    await updateGlobalSettings(operatorId, { signupMode: "invite_only", defaultPlan: "growth" });
    await updateGlobalSettings(operatorId, { signupMode: "invite_only", defaultPlan: "growth" });
    await updateGlobalSettings(operatorId, { signupMode: "open", defaultPlan: "growth" });
    const events = await db.operatorEvent.findMany({ where: { action: "global_settings.changed" }, orderBy: { occurredAt: "asc" }, skip: before });
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ actorKind: "operator", actorId: operatorId, changes: { signupMode: { before: "open", after: "invite_only" } } });
    const page = pageText(renderToStaticMarkup(await GlobalSettingsPage({ searchParams: Promise.resolve({}) })));
    expect(page).toContain("Changed the global settings");
    expect(page).toContain("signupMode: invite_only → open");
  });

  it("refuse a value it does not know, naming the field, and change nothing", async () => {
    const answer = await saveGlobalSettingsAction(null, formOf({ signupMode: "everyone", defaultPlan: "growth" }));
    expect(answer).toMatchObject({ ok: false, fields: { signupMode: expect.stringContaining("open or invite_only") } });
    const plan = await saveGlobalSettingsAction(null, formOf({ signupMode: "open", defaultPlan: "platinum" }));
    expect(plan).toMatchObject({ ok: false, fields: { defaultPlan: expect.stringContaining("free, growth, scale") } });
    expect(await getGlobalSettings()).toEqual({ signupMode: "open", defaultPlan: "growth" });
  });
});
