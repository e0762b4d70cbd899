import { renderToStaticMarkup } from "react-dom/server";
import { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";
import AdminWorkspacesPage from "@/app/admin/page";
import { auth } from "@/lib/auth";
import { currentUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { requireOperatorRequest } from "@/lib/operators/guard";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { pageText, unique } from "../helpers";

vi.mock("@/lib/auth/session", () => ({ currentUser: vi.fn(async () => null) }));
vi.mock("@/lib/auth", () => ({ auth: vi.fn(async () => null) }));

// An operator passes the console's guard; the flag is read on every request, so clearing it
// closes the console at once.

async function operator() {
  const user = await seedUser();
  await db.user.update({ where: { id: user.id }, data: { isOperator: true } });
  vi.mocked(currentUser).mockResolvedValue({ id: user.id, email: user.email, name: null });
  vi.mocked(auth).mockResolvedValue({ user: { id: user.id, email: user.email }, expires: "" } as never);
  return user;
}

const render = async (search: Record<string, string> = {}) =>
  pageText(renderToStaticMarkup(await AdminWorkspacesPage({ searchParams: Promise.resolve(search) })));

describe("the operator guard", () => {
  it("lets an operator's request through with their id, and answers 404 once the flag is cleared", async () => {
    const user = await operator();
    const request = new NextRequest("http://localhost/api/admin/x");
    expect(await requireOperatorRequest(request)).toEqual({ userId: user.id });
    await db.user.update({ where: { id: user.id }, data: { isOperator: false } });
    const refused = await requireOperatorRequest(request);
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(404);
  });

  it("refuses an operator's write sent from another site", async () => {
    await operator();
    const request = new NextRequest("http://localhost/api/admin/x", { method: "POST", headers: { origin: "https://evil.example" } });
    const refused = await requireOperatorRequest(request);
    expect((refused as Response).status).toBe(403);
  });

  it("shows an operator every workspace, searched by name, with members and plan", async () => {
    const owner = await seedUser();
    const name = unique("Acme");
    const workspace = await seedWorkspace(owner.id, { name });
    await operator();
    const page = await render({ q: name });
    expect(page).toContain(name);
    expect(page).toContain(workspace.slug);
    expect(page).toMatch(/Growth trialing 1 0/);
    expect(await render({ q: unique("nothing") })).toContain("No workspace matches");
  });

  it("puts the ingestion rates and failing deliveries above the list, and links each workspace to its page", async () => {
    const owner = await seedUser();
    const name = unique("Linked");
    const workspace = await seedWorkspace(owner.id, { name });
    await operator();
    const markup = renderToStaticMarkup(await AdminWorkspacesPage({ searchParams: Promise.resolve({ q: name }) }));
    expect(pageText(markup)).toMatch(/Ingestion per minute Over the last 15 minutes, across every workspace\. Orders [\d.,]+ Ad rows [\d.,]+ Tracked events [\d.,]+ Failing deliveries/);
    expect(markup).toContain(`href="/admin/workspaces/${workspace.id}"`);
  });

  it("explains a bad paging offset instead of failing", async () => {
    await operator();
    expect(await render({ offset: "-3" })).toContain("Offset cannot be negative.");
  });
});
