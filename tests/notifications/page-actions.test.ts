import { describe, expect, it, vi } from "vitest";
import {
  createDestinationAction,
  replayDeliveryAction,
  sendTestAction,
  toggleDestinationAction,
  updateDestinationAction,
} from "@/app/w/[slug]/settings/notifications/actions";
import { currentUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { listDeliveries } from "@/lib/notifications/deliveries";
import { listDestinations, openDestination } from "@/lib/notifications/destinations";
import { workspaceWith } from "../helpers";

// The settings page's forms: what they send (blank fields left out) and who may use them.

vi.mock("@/lib/auth", () => ({ auth: vi.fn(async () => null) }));
vi.mock("@/lib/auth/session", () => ({ currentUser: vi.fn(async () => null) }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
vi.mock("@/lib/jobs/enqueue", () => ({ enqueue: vi.fn(async () => undefined) }));

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
};
const as = (user: { id: string; email: string }) => vi.mocked(currentUser).mockResolvedValue({ id: user.id, email: user.email, name: null });

describe("notification settings actions", () => {
  it("lets admins add, edit, test, switch and replay; members get a role error", async () => {
    const { workspace, members } = await workspaceWith(["admin", "member"] as const);
    const [admin, member] = members;
    const slug = workspace.slug;

    as(member!.user);
    const refused = await createDestinationAction(null, form({ slug, kind: "slack", name: "Growth", url: "https://hooks.slack.com/services/a/b/c" }));
    expect(refused).toMatchObject({ ok: false, error: expect.stringContaining("role") });

    as(admin!.user);
    const bad = await createDestinationAction(null, form({ slug, kind: "slack", name: "Growth", url: "http://hooks.slack.com/x", secret: "" }));
    expect(bad).toMatchObject({ ok: false, fields: { url: "Use an https:// URL." } });
    // An empty secret field means "none": the webhook gets a generated one, shown once.
    const created = await createDestinationAction(null, form({ slug, kind: "webhook", name: "CRM", url: "https://crm.example.com/h", secret: "" }));
    expect(created).toMatchObject({ ok: true, data: { secret: expect.stringMatching(/^whsec_/) } });
    const [destination] = await listDestinations(workspace.id);

    // Editing with the secret left empty keeps it.
    expect(await updateDestinationAction(null, form({ slug, id: destination!.id, name: "CRM hooks", url: "", secret: "" }))).toMatchObject({ ok: true });
    expect((await openDestination(workspace.id, destination!.id)).config).toMatchObject({ url: "https://crm.example.com/h", secret: created!.data!.secret });

    expect(await sendTestAction(null, form({ slug, id: destination!.id }))).toMatchObject({ ok: true });
    const [test] = await listDeliveries(workspace.id, destination!.id);
    expect(test).toMatchObject({ messageKind: "test", status: "queued" });

    expect(await toggleDestinationAction(null, form({ slug, id: destination!.id, enabled: "false" }))).toMatchObject({ ok: true, message: expect.stringContaining("switched off") });
    expect(await sendTestAction(null, form({ slug, id: destination!.id }))).toMatchObject({ ok: false, error: expect.stringContaining("switched off") });
    expect(await replayDeliveryAction(null, form({ slug, id: test!.id }))).toMatchObject({ ok: false });

    await toggleDestinationAction(null, form({ slug, id: destination!.id, enabled: "true" }));
    await db.notificationDelivery.update({ where: { workspaceId_id: { workspaceId: workspace.id, id: test!.id } }, data: { status: "failed" } });
    expect(await replayDeliveryAction(null, form({ slug, id: test!.id }))).toMatchObject({ ok: true });
    expect((await listDeliveries(workspace.id, destination!.id)).map((d) => d.replayOf)).toContain(test!.id);
  });
});
