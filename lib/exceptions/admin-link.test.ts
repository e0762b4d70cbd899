import { describe, expect, it } from "vitest";
import { orderAdminUrl } from "./admin-link";

describe("orderAdminUrl", () => {
  it("links Shopify orders through admin.shopify.com, WooCommerce orders to wp-admin, and imports nowhere", () => {
    expect(orderAdminUrl("shopify", "Alpha-Hearing.myshopify.com", "5001")).toBe("https://admin.shopify.com/store/alpha-hearing/orders/5001");
    expect(orderAdminUrl("shopify", "shop.example.com", "5001")).toBe("https://shop.example.com/admin/orders/5001");
    expect(orderAdminUrl("woocommerce", "shop.example.com/store", "731")).toBe("https://shop.example.com/store/wp-admin/post.php?post=731&action=edit");
    expect(orderAdminUrl("import", "orders.csv", "1")).toBeNull();
  });
});
