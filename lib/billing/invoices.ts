import { currencyDecimals } from "@/lib/metrics/report/precision";
import { stripeClient, type Stripe } from "./stripe";
import { stripeCall } from "./sync";
import { logger } from "@/lib/log";

const log = logger("billing");

// The workspace's invoices as Stripe has them, for its billing page. Nothing is stored: Stripe is
// the record, and a page that cannot reach it says so instead of failing.

export type InvoiceRow = {
  id: string;
  /** Stripe's number (null on drafts). */
  number: string | null;
  createdAt: Date;
  /** In the currency's minor units, as Stripe counts it. */
  totalMinor: number;
  currency: string;
  status: Stripe.Invoice.Status | null;
  hostedUrl: string | null;
  pdfUrl: string | null;
};

export type InvoiceList = { ok: true; invoices: InvoiceRow[] } | { ok: false; message: string };

/** How many invoices the page lists: a year of monthly ones. */
export const INVOICES_SHOWN = 12;

export function invoiceRowOf(invoice: Stripe.Invoice): InvoiceRow {
  return {
    id: invoice.id ?? "",
    number: invoice.number ?? null,
    createdAt: new Date(invoice.created * 1000),
    totalMinor: invoice.total,
    currency: invoice.currency.toUpperCase(),
    status: invoice.status ?? null,
    hostedUrl: invoice.hosted_invoice_url ?? null,
    pdfUrl: invoice.invoice_pdf ?? null,
  };
}

/** The customer's latest invoices; a Stripe failure becomes a message for the page. */
export async function listInvoices(customerId: string | null): Promise<InvoiceList> {
  if (!customerId) return { ok: true, invoices: [] };
  try {
    const page = await stripeCall("invoices.list", () => stripeClient().invoices.list({ customer: customerId, limit: INVOICES_SHOWN }));
    return { ok: true, invoices: page.data.map(invoiceRowOf) };
  } catch (error) {
    log.warn("invoices not listed", error);
    return { ok: false, message: "Invoices could not be loaded from Stripe just now. Reload the page in a minute, or open the billing portal." };
  }
}

/** An amount in minor units as shown ("12.50 USD"), without passing through a float. */
export function formatMinor(amount: number, currency: string): string {
  const places = currencyDecimals(currency);
  const negative = amount < 0;
  const digits = String(Math.abs(Math.trunc(amount))).padStart(places + 1, "0");
  const whole = places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
  return `${negative ? "-" : ""}${whole} ${currency.toUpperCase()}`;
}
