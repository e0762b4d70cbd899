import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { GET } from "@/app/api/embedded/customers/[id]/route";
import { customerIdOf } from "@/lib/customers/customer-id";
import { db } from "@/lib/db/client";
import { callEmbedded, configureApp, installedShop, sessionToken } from "./support";

// The admin link extensions open the app's views from Shopify's order and customer pages: every
// URL they name must be a page of the app, and the customer's view must find the shop's customer.

type Target = { extension: string; type: string; target: string; url: string };

/** The [[extensions]] and their [[extensions.targeting]] tables of a shopify.extension.toml. */
function adminLinks(toml: string): Target[] {
  const found: Target[] = [];
  let extension: { name: string; type: string } | null = null;
  let target: Partial<Target> | null = null;
  const flush = () => {
    if (target) found.push(target as Target);
    target = null;
  };
  for (const raw of toml.split("\n")) {
    const line = raw.replace(/#.*$/, "").trim();
    if (line === "[[extensions]]") {
      flush();
      extension = { name: "", type: "" };
    } else if (line === "[[extensions.targeting]]") {
      flush();
      target = { extension: extension?.name ?? "", type: extension?.type ?? "" };
    } else {
      const pair = /^(\w+)\s*=\s*"([^"]*)"$/.exec(line);
      if (!pair) continue;
      const [, key, value] = pair as unknown as [string, string, string];
      if (target && (key === "target" || key === "url")) target[key] = value;
      else if (extension && !target && (key === "name" || key === "type")) extension[key] = value;
    }
  }
  flush();
  return found;
}

const root = process.cwd();
const tomls = readdirSync(path.join(root, "extensions"))
  .map((dir) => path.join(root, "extensions", dir, "shopify.extension.toml"))
  .filter((file) => existsSync(file))
  .map((file) => ({ file, text: readFileSync(file, "utf8") }));

/** Whether `/a/b` is a page of app/ (a folder with page.tsx). */
const isPage = (url: string) => existsSync(path.join(root, "app", ...url.split("/").filter(Boolean), "page.tsx"));

describe("the admin link extensions", () => {
  const links = tomls.flatMap(({ text }) => adminLinks(text));

  it("put a link on the order page and on the customer page", () => {
    expect(links.map((l) => l.target).sort()).toEqual(["admin.customer-details.action.link", "admin.order-details.action.link"]);
    for (const link of links) expect(link.type).toBe("admin_link");
  });

  it("open routes the app has, which also take the id in the path", () => {
    for (const link of links) {
      expect(link.url, link.target).toMatch(/^\/embedded\//);
      expect(isPage(link.url), `${link.url} is not a page`).toBe(true);
      expect(existsSync(path.join(root, "app", ...link.url.split("/").filter(Boolean), "[id]", "page.tsx")), `${link.url}/[id]`).toBe(true);
    }
  });

  it("would notice a URL that is not a route", () => {
    expect(isPage("/embedded/no-such-view")).toBe(false);
    expect(adminLinks('[[extensions]]\nname = "x"\ntype = "admin_link"\n[[extensions.targeting]]\ntarget = "t"\nurl = "/u"')).toEqual([{ extension: "x", type: "admin_link", target: "t", url: "/u" }]);
  });
});

async function profile(scope: { workspaceId: string; connectionId: string }, customerId: string, email = "c") {
  const customerKey = `c:${scope.connectionId}:${customerId}`;
  const day = new Date("2026-11-02T00:00:00Z");
  await db.customerProfile.create({
    data: {
      workspaceId: scope.workspaceId, customerKey, storeIds: [`${scope.connectionId}:${customerId}`], firstConnectionId: scope.connectionId, firstOrderId: 1n,
      firstOrderAt: day, firstDay: day, firstChannel: email === "c" ? "google" : "email", orders: 2, netSales: "150.5", grossProfit: "60",
      netSales90: "150.5", netSales180: "150.5", netSales365: "150.5", lastOrderAt: day, lastDay: day,
    },
  });
  return customerIdOf(customerKey);
}

describe("GET /api/embedded/customers/{id}: the admin's customer link", () => {
  beforeEach(() => configureApp(vi.stubEnv));

  it("answers the shop's customer by number or GraphQL id", async () => {
    const mine = await installedShop("viewer");
    await profile({ workspaceId: mine.workspace.id, connectionId: mine.connection.id }, "6001");
    for (const id of ["6001", "gid://shopify/Customer/6001"]) {
      const { status, body } = await callEmbedded(GET, { token: await sessionToken(mine.shop, mine.sub), params: { id }, path: `/api/embedded/customers/${encodeURIComponent(id)}` });
      expect(status).toBe(200);
      expect(body).toMatchObject({ orders: 2, first_channel: "google" });
    }
  });

  it("does not find another shop's customer with the same store id", async () => {
    const mine = await installedShop();
    const theirs = await installedShop();
    await profile({ workspaceId: theirs.workspace.id, connectionId: theirs.connection.id }, "6002", "other");
    const { status, body } = await callEmbedded(GET, { token: await sessionToken(mine.shop, mine.sub), params: { id: "6002" } });
    expect(status).toBe(404);
    expect(JSON.stringify(body)).not.toContain("email");
  });

  it.each(["abc", "gid://shopify/Order/12", "0", "99999999999999999999"])("answers 400 naming id for %s", async (id) => {
    const mine = await installedShop();
    const { status, body } = await callEmbedded(GET, { token: await sessionToken(mine.shop, mine.sub), params: { id } });
    expect(status).toBe(400);
    expect((body!.error as { fields?: Record<string, string> }).fields).toHaveProperty("id");
  });
});
