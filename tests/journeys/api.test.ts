import { describe, expect, it, vi } from "vitest";
import { GET as journeyRoute } from "@/app/api/v1/workspaces/[slug]/customers/[id]/journey/route";
import { apiKey } from "../dashboards/support";
import { get } from "../customers/factory";
import { ANN } from "../identity/support";
import { annJourney } from "./support";

vi.mock("@/lib/auth", () => ({ auth: vi.fn(async () => null) }));

const path = (slug: string, id: string, query = "") => `/api/v1/workspaces/${slug}/customers/${id}/journey${query}`;

async function journeyAs(role: "viewer" | "member") {
  const s = await annJourney();
  return { ...s, key: await apiKey(s.workspace.id, s.owner.id, role), slug: s.workspace.slug };
}

async function answer(response: Response) {
  return { status: response.status, body: (await response.json()) as Record<string, unknown> & { error?: { message: string; fields?: Record<string, string> } } };
}

describe("GET /customers/{id}/journey", () => {
  it("answers the journey under the model and window asked for, with the email masked for a viewer", async () => {
    const s = await journeyAs("viewer");
    const response = await get(journeyRoute, path(s.slug, s.annId, "?model=linear&window=7d"), { slug: s.slug, id: s.annId }, s.key);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    const { status, body } = await answer(response);
    expect(status).toBe(200);
    expect(body).toMatchObject({ model: "linear", window: 7, customer: { email: "A***@Example.com", email_masked: true }, visitors_total: 2, sessions_total: 2 });
    const order = (body.orders as { order_id: string; touches: { share: number; revenue: string }[] }[]).find((o) => o.order_id === "9002")!;
    expect(order.touches.map((t) => [t.share, t.revenue])).toEqual([[0.5, "10.00"], [0.5, "10.00"]]);
    expect(JSON.stringify(body)).not.toContain(ANN);
  });

  it("uses the workspace's default model and window when none is asked for", async () => {
    const s = await journeyAs("member");
    const { body } = await answer(await get(journeyRoute, path(s.slug, s.annId), { slug: s.slug, id: s.annId }, s.key));
    expect(body).toMatchObject({ model: "last_non_direct", window: 28, customer: { email: ANN, email_masked: false } });
  });

  it("refuses an unknown model, window or parameter with a 400 naming it", async () => {
    const s = await journeyAs("viewer");
    const ask = async (query: string) => answer(await get(journeyRoute, path(s.slug, s.annId, query), { slug: s.slug, id: s.annId }, s.key));
    const model = await ask("?model=magic");
    expect(model.status).toBe(400);
    expect(model.body.error!.fields).toEqual({ model: expect.stringContaining("magic") });
    const window = await ask("?window=5");
    expect(window.status).toBe(400);
    expect(window.body.error!.fields).toEqual({ window: expect.stringContaining("1, 7, 14, 28, 90") });
    expect((await ask("?window=28&window=7")).body.error!.fields).toEqual({ window: "Give window once." });
    expect((await ask("?modle=linear")).body.error!.fields).toEqual({ modle: expect.stringContaining("Unknown query parameter") });
  });

  it("is 404 for another workspace's customer, for an id that is not one, and for a key of another workspace", async () => {
    const mine = await journeyAs("viewer");
    const theirs = await journeyAs("viewer");
    // Their Bob is a customer of theirs only: his key names their store connection.
    const status = async (slug: string, id: string, key: string) => (await get(journeyRoute, path(slug, id), { slug, id }, key)).status;
    expect(await status(theirs.slug, theirs.bobId, theirs.key)).toBe(200);
    expect(await status(mine.slug, theirs.bobId, mine.key)).toBe(404);
    expect(await status(mine.slug, "bm90LWEta2V5", mine.key)).toBe(404);
    expect(await status(mine.slug, mine.annId, theirs.key)).toBe(404);
  });
});
