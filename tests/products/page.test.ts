import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import ProductsPage from "@/app/w/[slug]/products/page";
import { db } from "@/lib/db/client";
import { productsReport, sortProducts } from "@/lib/products/report";
import { seedUser } from "@/lib/seed/factories";
import { signIn } from "../connect/support";
import { freshWorkspace } from "../dashboards/support";
import { breakdownStore, MUG, TEE } from "../metrics/breakdown-fixture";
import { D1, D3 } from "../metrics/store-fixture";

vi.mock("@/lib/auth/session", () => ({ currentUser: vi.fn(async () => null) }));
vi.mock("@/lib/auth", () => ({ auth: async () => null }));

const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/&amp;/g, "&").replace(/\s+/g, " ");
const render = async (slug: string, search: Record<string, string> = {}) =>
  renderToStaticMarkup(await ProductsPage({ params: Promise.resolve({ slug }), searchParams: Promise.resolve(search) }));

describe("the Products report", () => {
  it("computes each product's return rate, margin, share and trend from the product rollup", async () => {
    const { workspaceId } = await breakdownStore();
    const { rows } = await productsReport(workspaceId, { date_from: D1, date_to: D3 });
    expect(rows).toEqual([
      // Tee: gross 85.00, discounts 4.00, returns 20.00 -> net 61.00; no unit costs, so profit = net.
      // Return rate 20.00 / 81.00; share 61.00 / 103.00; nothing sold in the 3 days before: no trend.
      { key: String(TEE), title: "Classic Tee", units: 4, net_sales: "61.00", returns: "20.00", return_rate: "0.2469", gross_profit: "61.00", margin: "1.0000", share: "0.5922", trend: null },
      // Mug: gross 45.00, discounts 3.00 -> net 42.00.
      { key: String(MUG), title: "Mug", units: 3, net_sales: "42.00", returns: "0.00", return_rate: "0.0000", gross_profit: "42.00", margin: "1.0000", share: "0.4078", trend: null },
    ]);
    expect(sortProducts(rows, "return_rate", true).map((r) => r.title)).toEqual(["Mug", "Classic Tee"]);
    expect(sortProducts(rows, "title", true).map((r) => r.title)).toEqual(["Classic Tee", "Mug"]);
  });

  it("reads the product x country rollup, not the per-variant and channel one", async () => {
    const { workspaceId } = await breakdownStore();
    const range = { date_from: D1, date_to: D3 };
    const before = await productsReport(workspaceId, range);
    // Moving the revision keeps the report cache from answering in place of the rollups.
    const removeRows = async (daily: "product_sales_daily" | "product_country_daily", periods: string) => {
      await db.$executeRawUnsafe(`DELETE FROM ${daily} WHERE workspace_id = $1`, workspaceId);
      await db.$executeRawUnsafe(`DELETE FROM ${periods} WHERE workspace_id = $1`, workspaceId);
      await db.$executeRaw`UPDATE rollup_revisions SET revision = revision + 1 WHERE workspace_id = ${workspaceId}`;
    };
    await removeRows("product_sales_daily", "product_sales_periods");
    expect((await productsReport(workspaceId, range)).rows).toEqual(before.rows);
    await removeRows("product_country_daily", "product_country_periods");
    expect((await productsReport(workspaceId, range)).rows).toEqual([]);
  });

  it("shows the table with sort links and the CSV, an empty state, and is not found outside the workspace", async () => {
    const { ownerId, slug } = await breakdownStore();
    const owner = await db.user.findUniqueOrThrow({ where: { id: ownerId } });
    signIn(owner);
    const html = await render(slug, { from: D1, to: D3, sort: "units", dir: "desc" });
    expect(html).toContain('data-testid="product-table"');
    expect(text(html)).toContain("Classic Tee");
    expect(html).toContain(`/api/v1/workspaces/${slug}/reports/kpi?date_from=${D1}`);
    expect(html).toContain('aria-sort="descending"');

    const empty = await freshWorkspace();
    signIn(empty.owner);
    expect(text(await render(empty.workspace.slug))).toContain("No product sales in this range");

    signIn(await seedUser());
    const error = await render(slug).then(() => null, (e: unknown) => e as { digest?: string });
    expect(error?.digest).toMatch(/^NEXT_HTTP_ERROR_FALLBACK;404/);
  });
});
