import type { Metadata } from "next";
import { AdminShell } from "@/components/admin/admin-shell";
import { currentUser } from "@/lib/auth/session";
import { requireOperatorPage } from "@/lib/operators/guard";

export const metadata: Metadata = { title: { default: "Operator console", template: "%s · Operator console" }, robots: { index: false } };

// Every page below checks again itself: a layout is not re-run on every navigation.
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  await requireOperatorPage();
  const user = (await currentUser())!;
  return <AdminShell email={user.email}>{children}</AdminShell>;
}
