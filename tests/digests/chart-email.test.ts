import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import OutboxPage from "@/app/dev/outbox/page";
import { GET as attachmentGET } from "@/app/dev/outbox/attachments/[id]/route";
import { db } from "@/lib/db/client";
import { prepareRun, previewRun, sendDigestNow } from "@/lib/digests/run";
import { createDigest } from "@/lib/digests/service";
import { runDelivery } from "@/lib/notifications/delivery-run";
import { createDestination } from "@/lib/notifications/destinations";
import type { MessageSection } from "@/lib/notifications/message";
import { rebuildRollups } from "@/lib/metrics/rollups/rollup";
import { uniqueEmail } from "../helpers";
import { D3, setup } from "../metrics/store-fixture";
import { recordingContext, slackDestination } from "../notifications/support";

const queued = vi.hoisted(() => [] as { workspaceId: string; destinationId: string; deliveryId: string }[]);
vi.mock("@/lib/jobs/enqueue", () => ({ enqueue: vi.fn(async (_job: unknown, payload: (typeof queued)[number]) => void queued.push(payload)) }));

// The New York store of store-fixture.ts; a 09:00 daily digest on 11 January reports the 10th.
const RUN_AT = new Date("2026-01-11T14:00:00Z");
const BEFORE = new Date("2026-01-11T13:00:00Z");

async function digestToEmailAndSlack() {
  const workspaceId = await setup();
  await rebuildRollups(workspaceId, { fromDay: "2025-12-01", toDay: D3 });
  await db.connection.updateMany({ where: { workspaceId }, data: { lastSuccessAt: RUN_AT } });
  const address = uniqueEmail("digest");
  const { destination: email } = await createDestination(workspaceId, null, { kind: "email", name: "Team inbox", addresses: [address] });
  const slack = await slackDestination(workspaceId);
  const digest = await createDigest(workspaceId, { userId: null }, {
    name: "Morning numbers", schedule: { kind: "daily", time: "09:00" }, destination_ids: [email.id, slack.id],
    sections: [{ type: "kpis", metrics: ["total_sales", "orders"] }],
  }, BEFORE);
  return { workspaceId, digest, email, slack, address };
}

const imageOf = (sections: MessageSection[] | undefined) => sections?.find((s) => s.type === "image") as Extract<MessageSection, { type: "image" }> | undefined;

describe("the digest's chart in email", () => {
  it("goes to email destinations under the key numbers, and not to chats, which cannot show it", async () => {
    const { digest, email, slack } = await digestToEmailAndSlack();
    const prepared = await prepareRun(digest, RUN_AT);
    const sectionsOf = (id: string) => prepared.messages.find((m) => m.destinationId === id)!.message!.sections as MessageSection[];
    const mailed = sectionsOf(email.id);
    expect(mailed.map((s) => s.type)).toEqual(["rows", "image"]);
    const chart = imageOf(mailed)!;
    expect(chart.url.startsWith("data:image/png;base64,")).toBe(true);
    const png = Buffer.from(chart.url.slice("data:image/png;base64,".length), "base64");
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 480]);
    expect(chart).toMatchObject({ width: 600, alt: expect.stringMatching(/^Total sales by day, 28 Dec 2025 – 10 Jan 2026; 10 Jan: \$/) });
    expect(imageOf(sectionsOf(slack.id))).toBeUndefined();
  });

  it("shows in the email preview, arrives as a cid attachment and is shown by the dev outbox", async () => {
    const { workspaceId, digest, email, address } = await digestToEmailAndSlack();

    const preview = await previewRun(digest, RUN_AT);
    const [previewed] = preview.destinations.find((d) => d.destinationId === email.id)!.body as { html: string }[];
    expect(previewed!.html).toContain('src="data:image/png;base64,');
    expect(previewed!.html).not.toContain("cid:");

    const outcome = await sendDigestNow(digest, RUN_AT);
    const deliveryId = outcome.deliveries.find((d) => d.destination_id === email.id)!.delivery_id;
    await runDelivery(queued.find((q) => q.deliveryId === deliveryId)!, recordingContext().context);
    const delivery = await db.notificationDelivery.findUniqueOrThrow({ where: { workspaceId_id: { workspaceId, id: deliveryId! } } });
    expect(delivery.status).toBe("delivered");

    const [mail] = await db.outboxEmail.findMany({ where: { to: address }, include: { attachments: true } });
    expect(mail!.attachments).toHaveLength(1);
    const [attachment] = mail!.attachments;
    expect(attachment).toMatchObject({ contentType: "image/png", filename: "image-1.png" });
    expect(mail!.html).toContain(`src="cid:${attachment!.cid}"`);
    const sent = Buffer.from(attachment!.content);
    // The same bytes the preview showed: rendering is deterministic.
    expect(previewed!.html).toContain(`src="data:image/png;base64,${sent.toString("base64")}"`);

    const page = renderToStaticMarkup(await OutboxPage({ searchParams: Promise.resolve({ to: address }) }));
    expect(page).toContain(`src="/dev/outbox/attachments/${attachment!.id}"`);
    expect(page).not.toContain("cid:");

    const served = await attachmentGET(new Request(`http://localhost/dev/outbox/attachments/${attachment!.id}`), { params: Promise.resolve({ id: attachment!.id }) });
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await served.arrayBuffer()).equals(sent)).toBe(true);

    const missing = await attachmentGET(new Request("http://localhost/dev/outbox/attachments/nope"), { params: Promise.resolve({ id: "nope" }) });
    expect(missing.status).toBe(404);
  });
});
