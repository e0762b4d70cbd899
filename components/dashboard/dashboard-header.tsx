"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import type { TDashboardSummary } from "./api";
import { Modal } from "./modal";

export type HeaderActions = {
  rename: (name: string) => Promise<unknown>;
  duplicate: () => Promise<unknown>;
  makeDefault: () => Promise<unknown>;
  remove: () => Promise<unknown>;
};

const LINK = "rounded-md px-2.5 py-1.5 text-sm text-slate-600 hover:bg-slate-100 hover:text-slate-900";

function RenameForm({ name, onSave, onDone }: { name: string; onSave: (name: string) => Promise<unknown>; onDone: () => void }) {
  const [value, setValue] = useState(name);
  const [error, setError] = useState<string | null>(null);
  async function submit(event: React.FormEvent) {
    event.preventDefault();
    try {
      await onSave(value);
      onDone();
    } catch (e) {
      setError(e instanceof Error ? e.message : "The dashboard could not be renamed.");
    }
  }
  return (
    <form onSubmit={submit} className="flex flex-wrap items-center gap-2" aria-label="Rename dashboard">
      <label className="sr-only" htmlFor="dashboard-name">
        Dashboard name
      </label>
      <input
        id="dashboard-name"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        maxLength={80}
        required
        autoFocus
        className="rounded-md border-0 px-3 py-1.5 text-lg font-semibold ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600"
      />
      <Button type="submit" className="py-1.5">
        Save
      </Button>
      <Button type="button" variant="ghost" className="py-1.5" onClick={onDone}>
        Cancel
      </Button>
      {error ? <p className="w-full text-sm text-red-600" role="alert">{error}</p> : null}
    </form>
  );
}

/** The dashboard's name, a switcher between dashboards and, for editors, what can be done to it. */
export function DashboardHeader({ slug, dashboard, dashboards, canEdit, query, actions, headingLevel }: {
  slug: string;
  dashboard: TDashboardSummary;
  dashboards: TDashboardSummary[];
  canEdit: boolean;
  query: string;
  actions: HeaderActions;
  headingLevel: 1 | 2;
}) {
  const Heading = headingLevel === 1 ? "h1" : "h2";
  const router = useRouter();
  const [renaming, setRenaming] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function run(action: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(e instanceof Error ? e.message : "That did not work.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="mb-4 space-y-3">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
        {renaming ? (
          <RenameForm name={dashboard.name} onSave={actions.rename} onDone={() => setRenaming(false)} />
        ) : (
          <Heading className="flex items-center gap-2 text-2xl font-semibold tracking-tight text-slate-900" data-testid="dashboard-name">
            {dashboard.name}
            {dashboard.is_default ? (
              <span className="rounded-full bg-brand-50 px-2 py-0.5 text-xs font-medium text-brand-700" data-testid="default-badge">
                Default
              </span>
            ) : null}
          </Heading>
        )}
        <label className="ml-auto flex items-center gap-2 text-sm text-slate-600">
          <span className="sr-only sm:not-sr-only">Dashboard</span>
          <select
            aria-label="Switch dashboard"
            className="rounded-md border-0 px-2.5 py-1.5 text-sm ring-1 ring-inset ring-slate-300"
            value={dashboard.id}
            onChange={(e) => router.push(`/w/${slug}/dashboards/${e.target.value}${query}`)}
            data-testid="dashboard-switcher"
          >
            {dashboards.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
        <Link href={`/w/${slug}/dashboards`} className={LINK}>
          All dashboards
        </Link>
      </div>
      {canEdit && !renaming ? (
        <div className="flex flex-wrap gap-1" data-testid="dashboard-actions">
          <button type="button" className={LINK} onClick={() => setRenaming(true)}>
            Rename
          </button>
          <button type="button" className={LINK} disabled={busy} onClick={() => run(actions.duplicate)}>
            Duplicate
          </button>
          {!dashboard.is_default ? (
            <button type="button" className={LINK} disabled={busy} onClick={() => run(actions.makeDefault)}>
              Make default
            </button>
          ) : null}
          <button type="button" className={`${LINK} text-red-700 hover:text-red-800`} onClick={() => setConfirmDelete(true)}>
            Delete
          </button>
        </div>
      ) : null}
      {error ? <Notice tone="error">{error}</Notice> : null}
      <Modal title="Delete this dashboard?" open={confirmDelete} onClose={() => setConfirmDelete(false)} testId="confirm-delete">
        <p className="text-sm text-slate-600">
          “{dashboard.name}” and its widgets will be deleted for everyone in the workspace. The data they show stays.
        </p>
        <div className="mt-4 flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setConfirmDelete(false)}>
            Cancel
          </Button>
          <Button
            variant="danger"
            disabled={busy}
            onClick={() => {
              setConfirmDelete(false);
              void run(actions.remove);
            }}
          >
            Delete dashboard
          </Button>
        </div>
      </Modal>
    </div>
  );
}
