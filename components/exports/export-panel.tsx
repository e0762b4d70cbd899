"use client";

import { useCallback, useEffect, useState } from "react";
import { Button, buttonClass } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import type { ExportView } from "@/lib/exports/service";

// The owners' export panel: asks for an export through the API, then polls the list every two
// seconds while one is queued or being made (paused while the tab is hidden).

const POLL_MS = 2_000;
const busy = (exports: ExportView[]) => exports.some((e) => e.status === "queued" || e.status === "running");

function size(bytes: number | null): string {
  if (bytes === null) return "";
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

const when = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

function ExportRow({ item }: { item: ExportView }) {
  const { progress } = item;
  return (
    <li className="space-y-2 py-3" data-testid="export-row">
      <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
        <span className="text-slate-700">Requested {when(item.requested_at)}</span>
        {item.status === "done" && item.download_url ? (
          <a className={buttonClass("secondary")} href={item.download_url} download>
            Download zip ({size(item.bytes)})
          </a>
        ) : item.status === "done" ? (
          <span className="text-slate-500">Expired</span>
        ) : item.status === "failed" ? (
          <span className="text-red-700">Failed</span>
        ) : null}
      </div>
      {item.status === "queued" || item.status === "running" ? (
        <div className="space-y-1">
          <div className="flex flex-wrap justify-between gap-2 text-xs text-slate-600">
            <span>
              {item.status === "queued" ? "Waiting to start" : `${progress.tables_done} of ${progress.tables_total} tables · ${progress.rows.toLocaleString("en")} rows`}
            </span>
            <span>{progress.percent}%</span>
          </div>
          <div className="h-2 overflow-hidden rounded-full bg-slate-100" role="progressbar" aria-label="Export progress" aria-valuenow={progress.percent} aria-valuemin={0} aria-valuemax={100}>
            <div className="h-full rounded-full bg-brand-600 transition-all" style={{ width: `${progress.percent}%` }} />
          </div>
        </div>
      ) : null}
      {item.status === "done" ? (
        <p className="text-xs text-slate-500">
          {progress.tables_total} tables, {progress.rows.toLocaleString("en")} rows. Kept until {when(item.expires_at)}
          {item.download_expires_at ? `; this link works for you until ${when(item.download_expires_at)}` : ""}.
        </p>
      ) : null}
      {item.error ? <p className="text-xs text-red-700">{item.error}</p> : null}
    </li>
  );
}

export function ExportPanel({ slug, initial }: { slug: string; initial: ExportView[] }) {
  const [exports, setExports] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  const url = `/api/v1/workspaces/${encodeURIComponent(slug)}/exports`;

  const refresh = useCallback(async () => {
    const response = await fetch(url, { cache: "no-store" });
    if (response.ok) setExports(((await response.json()) as { exports: ExportView[] }).exports);
  }, [url]);

  useEffect(() => {
    if (!busy(exports)) return;
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") void refresh().catch(() => undefined);
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [exports, refresh]);

  async function request() {
    setAsking(true);
    setError(null);
    try {
      const response = await fetch(url, { method: "POST" });
      if (!response.ok) {
        const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
        setError(body?.error?.message ?? "The export could not be requested. Try again.");
      }
      await refresh();
    } catch {
      setError("The export could not be requested: the connection failed. Try again.");
    } finally {
      setAsking(false);
    }
  }

  return (
    <div className="space-y-4">
      <Button type="button" onClick={request} disabled={asking || busy(exports)}>
        {busy(exports) ? "Export under way…" : "Export all data"}
      </Button>
      {error ? <Notice tone="error">{error}</Notice> : null}
      {exports.length === 0 ? (
        <p className="text-sm text-slate-500">No exports yet. An export collects every table of this workspace as CSV files in one zip.</p>
      ) : (
        <ul className="divide-y divide-slate-100" aria-label="Exports">
          {exports.map((item) => (
            <ExportRow key={item.id} item={item} />
          ))}
        </ul>
      )}
    </div>
  );
}
