import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import BillingPage from "@/app/w/[slug]/settings/billing/page";
import { currentUser } from "@/lib/auth/session";
import { formatMinor } from "@/lib/billing/invoices";
import { db } from "@/lib/db/client";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { pageText } from "../helpers";
import { billedWorkspace, mockStripe, withBillingEnv } from "./support";

vi.mock("@/lib/auth/session", () => ({ currentUser: vi.fn(async () => null) }));
vi.mock("@/lib/auth", () => ({ auth: async () => null }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

withBillingEnv();
const stripe = mockStripe();

async function ownerView() {
  const billed = await billedWorkspace();
  const owner = await db.membership.findFirstOrThrow({ where: { workspaceId: billed.workspace.id, role: "owner" }, select: { user: { select: { id: true, email: true } } } });
  vi.mocked(currentUser).mockResolvedValue({ id: owner.user.id, email: owner.user.email, name: null });
  const render = async () => {
    const html = renderToStaticMarkup(await BillingPage({ params: Promise.resolve({ slug: billed.workspace.slug }), searchParams: Promise.resolve({}) }));
    return { html, text: pageText(html) };
  };
  return { ...billed, render };
}

describe("formatMinor", () => {
  it("places the decimal point by the currency's minor unit, without floats", () => {
    expect(formatMinor(12_900, "usd")).toBe("129.00 USD");
    expect(formatMinor(5, "EUR")).toBe("0.05 EUR");
    expect(formatMinor(-250, "usd")).toBe("-2.50 USD");
    expect(formatMinor(4_900, "jpy")).toBe("4900 JPY");
    expect(formatMinor(1_234, "kwd")).toBe("1.234 KWD");
    expect(formatMinor(900_719_925_474_099, "usd")).toBe("9007199254740.99 USD");
  });
});

describe("invoices on the billing page", () => {
  it("lists the customer's invoices with number, date, total in minor units, status and their links", async () => {
    const { customer, render } = await ownerView();
    stripe.invoices(customer, [
      { id: "in_second", number: "SB-0002", created: new Date("2026-11-01T12:00:00Z"), total: 12_900, status: "open" },
      { id: "in_first", number: "SB-0001", created: new Date("2026-10-01T12:00:00Z"), total: 4_950, status: "paid" },
    ]);
    const { html, text } = await render();
    expect(text).toContain("Invoices");
    expect(text).toMatch(/SB-0002\s*Nov 1, 2026\s*129\.00 USD\s*Due/);
    expect(text).toMatch(/SB-0001\s*Oct 1, 2026\s*49\.50 USD\s*Paid/);
    expect(html).toContain('href="https://invoice.stripe.com/i/acct_test/in_second"');
    expect(html).toContain('href="https://pay.stripe.com/invoice/acct_test/in_first/pdf"');
    expect(stripe.calls).toContain("GET /v1/invoices");
  });

  it("says there are none yet, and does not ask Stripe for a workspace without a customer", async () => {
    const { render } = await ownerView();
    expect((await render()).text).toContain("No invoices yet");

    const owner = await seedUser();
    const fresh = await seedWorkspace(owner.id);
    vi.mocked(currentUser).mockResolvedValue({ id: owner.id, email: owner.email, name: null });
    stripe.calls.length = 0;
    const text = pageText(renderToStaticMarkup(await BillingPage({ params: Promise.resolve({ slug: fresh.slug }), searchParams: Promise.resolve({}) })));
    expect(text).toContain("No invoices yet");
    expect(stripe.calls).not.toContain("GET /v1/invoices");
  });

  it("shows a clear message, not an error page, when Stripe fails", async () => {
    const { customer, render } = await ownerView();
    stripe.invoices(customer, [{ id: "in_hidden", number: "SB-0009", created: new Date(), total: 100, status: "paid" }]);
    // The first attempt and both of the client's retries.
    stripe.failNext(3);
    const { text } = await render();
    expect(text).toContain("Invoices could not be loaded from Stripe just now");
    expect(text).not.toContain("SB-0009");
    expect(text).toContain("Growth");
  });
});
