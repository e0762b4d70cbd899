"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { dashboardsApi } from "./api";

/** Creates an empty dashboard and opens it. */
export function CreateDashboardForm({ slug }: { slug: string }) {
  const router = useRouter();
  const [name, setName] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    try {
      const created = await dashboardsApi.create(slug, name);
      router.push(`/w/${slug}/dashboards/${created.id}`);
    } catch (e) {
      setError(e instanceof Error ? e.message : "The dashboard could not be created.");
      setSaving(false);
    }
  }

  return (
    <form onSubmit={submit} className="flex flex-wrap items-end gap-3" aria-label="New dashboard">
      <div className="min-w-56 flex-1">
        <TextField label="Name" name="dashboard-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={80} required error={error} />
      </div>
      <Button type="submit" disabled={saving} data-testid="create-dashboard">
        {saving ? "Creating…" : "Create dashboard"}
      </Button>
    </form>
  );
}
