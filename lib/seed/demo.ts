import { db } from "@/lib/db/client";
import { seedUser, seedWorkspace } from "./factories";

export const DEMO = {
  email: "demo@signalboard.local",
  password: "signalboard-demo",
  name: "Demo Owner",
  workspace: { name: "Acme Outdoor Co.", timeZone: "America/New_York", currency: "USD" },
} as const;

/** Creates the demo owner and workspace the first time; later runs find them and do nothing. */
export async function seedDemo(): Promise<{ created: boolean; slug: string }> {
  const existing = await db.user.findUnique({
    where: { email: DEMO.email },
    select: { memberships: { select: { workspace: { select: { slug: true } } }, take: 1 } },
  });
  if (existing) return { created: false, slug: existing.memberships[0]?.workspace.slug ?? "" };
  const user = await seedUser({ email: DEMO.email, password: DEMO.password, name: DEMO.name });
  const workspace = await seedWorkspace(user.id, DEMO.workspace);
  return { created: true, slug: workspace.slug };
}
