import { db } from "@/lib/db/client";
import { changeMembersByHand } from "@/lib/tags/membership";
import { customerWorkspace, profile, storeCustomer } from "../customers/factory";
import { unique } from "../helpers";

// A workspace with customers (emails sealed in the store's customers table, as ingest leaves
// them), a tag, and its members changed through lib/tags, so the audience hears of each change
// through the same seam as in the product.

export type Person = { key: string; email: string | null };

export async function audienceWorkspace(input: { people?: number; timeZone?: string } = {}) {
  const base = await customerWorkspace({ timeZone: input.timeZone ?? "UTC" });
  const people: Person[] = [];
  for (let i = 0; i < (input.people ?? 3); i++) {
    const email = `${unique(`shopper${i}`)}@example.com`;
    const hash = (await storeCustomer(base.workspace.id, base.shopId, BigInt(1000 + i), email))!;
    const key = `e:${hash}`;
    await profile(base.workspace.id, { key, emailHash: hash, connectionId: base.shopId, firstDay: "2026-03-01", orders: i + 1, netSales: `${(i + 1) * 10}.5`, country: "DE" });
    people.push({ key, email });
  }
  // A customer the store knows without an email.
  const anonymous = `c:${base.shopId}:9999`;
  await profile(base.workspace.id, { key: anonymous, connectionId: base.shopId, firstDay: "2026-03-02", orders: 1, netSales: "5" });
  people.push({ key: anonymous, email: null });
  return { ...base, people };
}

export async function makeTag(workspaceId: string, name = unique("VIP")) {
  return db.tag.create({ data: { workspaceId, name, kind: "manual" }, select: { id: true, name: true } });
}

export const tagPeople = (workspaceId: string, tagId: string, add: string[], remove: string[] = [], at = new Date()) =>
  changeMembersByHand(workspaceId, tagId, { add, remove }, at);
