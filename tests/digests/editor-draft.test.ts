import { describe, expect, it } from "vitest";
import { bodyOf, draftOf, type DigestBody } from "@/components/digests/draft";
import { emailsIn, readableText } from "@/components/digests/readable-body";

// The digest editor's form state and what it sends, and how a chat body is shown as text.

const saved: DigestBody = {
  name: "Monday numbers",
  schedule: { kind: "monthly", time: "07:15", day_of_month: "last" },
  basis: "last_month",
  time_zone: "Asia/Shanghai",
  sections: [{ type: "kpis", metrics: ["orders", "visitors"] }, { type: "cohorts", limit: 2 }],
  destination_ids: ["d1", "d2"],
  template: {
    default: { title: "{{orders}} orders", conditions: [{ metric: "orders", op: "<", than: "baseline" }] },
    destinations: { d2: { intro: "For the team", link: { label: "Open", url: "https://example.com/x" } } },
  },
  enabled: false,
};

describe("the digest editor's draft", () => {
  it("turns a saved digest into form state and back without losing anything", () => {
    expect(bodyOf(draftOf(saved), { creating: false })).toEqual(saved);
  });

  it("leaves blank template fields out, so a destination inherits the default's, and keeps typed text for the server to judge", () => {
    const draft = draftOf({ ...saved, template: { default: {}, destinations: {} } });
    draft.templates.d1 = { ...draft.templates.default!, title: "  ", intro: "Hi {{digest}}", imageAlt: "A chart" };
    draft.sections.top_campaigns = { on: true, limit: "ten" };
    draft.zone = "workspace";
    const body = bodyOf(draft, { creating: true });
    expect(body.template).toEqual({ default: {}, destinations: { d1: { intro: "Hi {{digest}}", image: { url: "", alt: "A chart" } } } });
    expect(body.sections).toEqual([{ type: "kpis", metrics: ["orders", "visitors"] }, { type: "top_campaigns", limit: "ten" }, { type: "cohorts", limit: 2 }]);
    expect(body).toMatchObject({ time_zone: null, personal: false });
  });

  it("drops a destination's template when the destination is no longer chosen", () => {
    const draft = draftOf(saved);
    draft.destinationIds = ["d1"];
    expect(bodyOf(draft, { creating: false }).template.destinations).toEqual({});
  });
});

describe("a chat body as text", () => {
  it("reads Slack blocks, Teams facts and chat markdown in order, once each", () => {
    const slack = { text: "Daily KPIs", blocks: [{ type: "header", text: { type: "plain_text", text: "Daily KPIs" } }, { type: "section", text: { type: "mrkdwn", text: "*Orders* 12" } }] };
    expect(readableText(slack)).toBe("Daily KPIs\n*Orders* 12");
    const teams = { type: "message", attachments: [{ content: { type: "AdaptiveCard", body: [{ type: "TextBlock", text: "Daily KPIs" }, { type: "FactSet", facts: [{ title: "Orders", value: "12 (+5%)" }] }] } }] };
    expect(readableText(teams)).toBe("Daily KPIs\nOrders: 12 (+5%)");
    expect(readableText({ msgtype: "markdown", markdown: { content: "# Daily\n> Orders 12" } })).toBe("# Daily\n> Orders 12");
  });

  it("recognises an email body only in the email shape", () => {
    expect(emailsIn([{ subject: "Daily", html: "<p>x</p>", text: "x" }])).toHaveLength(1);
    expect(emailsIn({ subject: "Daily" })).toBeNull();
    expect(emailsIn([])).toBeNull();
  });
});
