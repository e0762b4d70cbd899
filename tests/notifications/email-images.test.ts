import { describe, expect, it } from "vitest";
import { emailFormatter, withImagesInline } from "@/lib/notifications/formats/email";
import { ZNotificationMessage } from "@/lib/notifications/message";
import type { EmailBatch } from "@/lib/notifications/formats/types";

// A PNG's first bytes stand for the image: the formatter never decodes it, only moves it.
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from("chart pixels")]);
const context = { deliveryId: "d1", messageKind: "digest" as const, refId: null, now: new Date("2026-12-05T09:00:00Z") };

function format(sections: unknown[]) {
  const message = ZNotificationMessage.parse({ title: "Daily KPIs", sections });
  return emailFormatter.format(message, { addresses: ["a@example.com", "b@example.com"] }, context) as EmailBatch;
}

describe("email images", () => {
  it("sends a data: PNG as an inline attachment the HTML names by cid, at its given width", () => {
    const { emails } = format([
      { type: "rows", rows: [{ label: "Orders", value: "12" }] },
      { type: "image", url: `data:image/png;base64,${PNG.toString("base64")}`, alt: "Total sales by day", width: 600 },
    ]);
    expect(emails).toHaveLength(2);
    for (const email of emails) {
      expect(email.attachments).toHaveLength(1);
      const [attachment] = email.attachments!;
      expect(attachment).toMatchObject({ filename: "image-1.png", contentType: "image/png" });
      expect(attachment!.content.equals(PNG)).toBe(true);
      expect(email.html).toContain(`<img src="cid:${attachment!.cid}" alt="Total sales by day" width="600"`);
      expect(email.html).not.toContain("data:image");
      expect(email.text).toContain("[Total sales by day]");
    }
  });

  it("links an https image as given, without attachments", () => {
    const { emails } = format([{ type: "image", url: "https://cdn.example.com/banner.png", alt: "Banner" }]);
    expect(emails[0]!.attachments).toBeUndefined();
    expect(emails[0]!.html).toContain('<img src="https://cdn.example.com/banner.png" alt="Banner" style=');
  });

  it("gives each data: image its own content id", () => {
    const url = `data:image/png;base64,${PNG.toString("base64")}`;
    const [email] = format([{ type: "image", url, alt: "One" }, { type: "image", url, alt: "Two" }]).emails;
    const cids = email!.attachments!.map((a) => a.cid);
    expect(new Set(cids).size).toBe(2);
    for (const cid of cids) expect(email!.html).toContain(`src="cid:${cid}"`);
  });

  it("puts the images back as data: URLs for showing the email in a browser", () => {
    const url = `data:image/png;base64,${PNG.toString("base64")}`;
    const [email] = format([{ type: "image", url, alt: "Chart" }]).emails;
    const html = withImagesInline(email!);
    expect(html).toContain(`<img src="${url}" alt="Chart"`);
    expect(html).not.toContain("cid:");
  });
});
