import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, onTestFinished, vi } from "vitest";
import { captureLogs } from "@/lib/log";
import WorkspaceLayout from "@/app/w/[slug]/layout";
import { currentUser } from "@/lib/auth/session";
import { sendPastDueNoticesHandler } from "@/lib/billing/job-handlers";
import { sendEmail } from "@/lib/email/mailer";
import { localContext } from "@/lib/jobs/local";
import { seedMembership, seedUser } from "@/lib/seed/factories";
import { outboxFor, pageText } from "../helpers";
import { billedWorkspace, billingRow, deliver, historyOf, invoiceEvent, mockStripe, signedRequest, withBillingEnv } from "./support";
import { db } from "@/lib/db/client";

vi.mock("@/lib/auth/session", () => ({ currentUser: vi.fn(async () => null) }));
vi.mock("@/lib/auth", () => ({ auth: async () => null, signOut: async () => {} }));
vi.mock("@/lib/auth/sign-out", () => ({ signOutAction: async () => {} }));
vi.mock("next/navigation", async (original) => ({
  ...(await original<typeof import("next/navigation")>()),
  useRouter: () => ({ refresh() {}, push() {}, replace() {} }),
  usePathname: () => "/",
}));
// The real mailer (the dev outbox), made able to fail once on demand.
vi.mock("@/lib/email/mailer", async (original) => {
  const real = await original<typeof import("@/lib/email/mailer")>();
  return { ...real, sendEmail: vi.fn(real.sendEmail) };
});

withBillingEnv();
const stripe = mockStripe();

const DAY_MS = 86_400_000;
const FAILED_AT = new Date("2026-12-01T10:00:00Z");
const GRACE_END = new Date(FAILED_AT.getTime() + 7 * DAY_MS);

/** A workspace with an owner, a second owner, an admin and a member, whose payment failed at FAILED_AT. */
async function pastDueWorkspace() {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(FAILED_AT);
  const billed = await billedWorkspace();
  const { workspace, customer, subscription } = billed;
  const people = await db.membership.findFirstOrThrow({ where: { workspaceId: workspace.id, role: "owner" }, select: { user: { select: { id: true, email: true } } } });
  const [coOwner, admin, member] = await Promise.all([seedUser(), seedUser(), seedUser()]);
  await Promise.all([seedMembership(workspace.id, coOwner.id, "owner"), seedMembership(workspace.id, admin.id, "admin"), seedMembership(workspace.id, member.id, "member")]);
  stripe.set({ id: subscription, customer, status: "past_due" });
  await deliver(signedRequest(invoiceEvent("invoice.payment_failed", { id: subscription, customer })));
  return { ...billed, owner: people.user, coOwner, admin, member };
}

const runSchedule = (now: Date) => sendPastDueNoticesHandler.run({ now: now.toISOString() }, localContext());

async function layoutAs(slug: string, user: { id: string; email: string }) {
  vi.mocked(currentUser).mockResolvedValue({ id: user.id, email: user.email, name: null });
  const html = renderToStaticMarkup(await WorkspaceLayout({ children: null, params: Promise.resolve({ slug }) }));
  return { html, text: pageText(html) };
}

describe("past-due emails", () => {
  it("emails every owner once when the payment fails, not admins or members, and not again on Stripe's retries", async () => {
    const { workspace, customer, subscription, owner, coOwner, admin, member } = await pastDueWorkspace();
    for (const person of [owner, coOwner]) {
      const mail = await outboxFor(person.email);
      expect(mail.map((m) => m.subject)).toEqual([`${workspace.name}: the last payment for Signalboard failed`]);
      expect(mail[0]!.text).toContain(`/w/${workspace.slug}/settings/billing`);
    }
    expect(await outboxFor(admin.email)).toEqual([]);
    expect(await outboxFor(member.email)).toEqual([]);

    vi.setSystemTime(new Date(FAILED_AT.getTime() + 2 * DAY_MS));
    await deliver(signedRequest(invoiceEvent("invoice.payment_failed", { id: subscription, customer })));
    await runSchedule(new Date());
    expect(await outboxFor(owner.email)).toHaveLength(1);
    expect((await historyOf(workspace.id)).filter((e) => e.kind === "notice").map((e) => e.message)).toEqual(["Owners emailed: the payment failed (2)."]);
  });

  it("emails the owners once when the grace period ends and the workspace becomes read-only", async () => {
    const { workspace, owner } = await pastDueWorkspace();
    // Other tests' workspaces share the clock: only this one's mail is counted.
    await runSchedule(new Date(GRACE_END.getTime() - 60_000));
    expect(await outboxFor(owner.email)).toHaveLength(1);
    await runSchedule(GRACE_END);
    await runSchedule(new Date(GRACE_END.getTime() + DAY_MS));
    // The clock stands still, so both mails carry the same time: compare them in any order.
    const subjects = (await outboxFor(owner.email)).map((m) => m.subject).sort();
    expect(subjects).toEqual([`${workspace.name} is read-only until its payment goes through`, `${workspace.name}: the last payment for Signalboard failed`].sort());
    expect(await billingRow(workspace.id)).toMatchObject({ paymentFailedNoticeFor: GRACE_END, readOnlyNoticeFor: GRACE_END });
  });

  it("sends a notice that failed to go out on the schedule's next pass", async () => {
    const { workspace, owner } = await pastDueWorkspace();
    vi.mocked(sendEmail).mockRejectedValueOnce(new Error("SMTP down"));
    const logs = captureLogs();
    onTestFinished(logs.stop);
    expect(await runSchedule(GRACE_END)).toMatchObject({ failed: 1 });
    expect(logs.text()).toContain("SMTP down");
    expect((await billingRow(workspace.id)).readOnlyNoticeFor).toBeNull();
    await runSchedule(GRACE_END);
    expect((await billingRow(workspace.id)).readOnlyNoticeFor).toEqual(GRACE_END);
    expect(await outboxFor(owner.email)).toHaveLength(2);
  });

  it("sends nothing for a workspace that paid", async () => {
    const { workspace, customer, subscription, owner } = await pastDueWorkspace();
    stripe.set({ id: subscription, customer, status: "active" });
    await deliver(signedRequest(invoiceEvent("invoice.paid", { id: subscription, customer })));
    await runSchedule(GRACE_END);
    expect(await outboxFor(owner.email)).toHaveLength(1);
    expect((await billingRow(workspace.id)).status).toBe("active");
  });
});

describe("the past-due banner", () => {
  it("tells owners and admins the days of grace left, links owners to billing, and shows members nothing", async () => {
    const { workspace, owner, admin, member } = await pastDueWorkspace();
    vi.setSystemTime(new Date(FAILED_AT.getTime() + 2 * DAY_MS));

    const asOwner = await layoutAs(workspace.slug, owner);
    expect(asOwner.html).toContain('data-testid="past-due-banner"');
    expect(asOwner.text).toContain("The last payment failed. 5 days left before this workspace becomes read-only.");
    expect(asOwner.html).toContain(`href="/w/${workspace.slug}/settings/billing"`);

    const asAdmin = await layoutAs(workspace.slug, admin);
    expect(asAdmin.text).toContain("5 days left before this workspace becomes read-only");
    expect(asAdmin.text).toContain("An owner can update the payment method");
    expect(asAdmin.html).not.toContain("/settings/billing");

    expect((await layoutAs(workspace.slug, member)).html).not.toContain("past-due-banner");

    vi.setSystemTime(new Date(GRACE_END.getTime() + 60_000));
    expect((await layoutAs(workspace.slug, owner)).text).toContain("this workspace is read-only until it is paid");
  });

  it("is not shown to anyone while payments go through", async () => {
    const { workspace, customer, subscription, owner } = await pastDueWorkspace();
    stripe.set({ id: subscription, customer, status: "active" });
    await deliver(signedRequest(invoiceEvent("invoice.paid", { id: subscription, customer })));
    expect((await layoutAs(workspace.slug, owner)).html).not.toContain("past-due-banner");
  });
});
