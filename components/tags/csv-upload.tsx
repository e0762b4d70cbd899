"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import type { TMatchReport } from "@/lib/tags/schema";
import { tagsApi } from "./tags-api";

// Tagging people by hand from a CSV of emails or customer ids. The file is matched first: when
// everyone matched it is applied at once; otherwise nothing changes until the match report has
// been read and the matched people confirmed (the API's partial=true).

const SAMPLE = 10;

type Step = { kind: "choose" } | { kind: "report"; report: TMatchReport; partialAsked: boolean };

const isReport = (body: unknown): body is TMatchReport => typeof body === "object" && body !== null && "rows_total" in body;

export function CsvUpload({ slug, tagId, tagName, onDone }: { slug: string; tagId: string; tagName: string; onDone: () => void }) {
  const [step, setStep] = useState<Step>({ kind: "choose" });
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [action, setAction] = useState<"add" | "remove">("add");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function send(partial: boolean) {
    if (!file) {
      setError("Choose a CSV file with an email or a customer_id column.");
      return;
    }
    setBusy(true);
    setError(null);
    const answer = await tagsApi<TMatchReport>(slug, `/${encodeURIComponent(tagId)}/members/upload?action=${action}${partial ? "&partial=true" : ""}`, {
      method: "POST",
      headers: { "content-type": "text/csv" },
      body: file.text,
    });
    setBusy(false);
    if (isReport(answer.body)) {
      setStep({ kind: "report", report: answer.body, partialAsked: partial });
      if (answer.body.applied) onDone();
    } else {
      setError(answer.error ?? "The file could not be read.");
    }
  }

  const verb = action === "add" ? "tagged" : "untagged";
  const inputId = `csv-${tagId}`;
  return (
    <div className="space-y-3 rounded-md bg-slate-50 p-3 ring-1 ring-slate-200" data-testid="csv-upload">
      <p className="text-sm text-slate-700">
        Tag people with <span className="font-medium">{tagName}</span> from a CSV file with a header row and an <code>email</code> or a <code>customer_id</code> column.
      </p>
      <div className="grid gap-3 sm:grid-cols-2">
        <div className="space-y-1">
          <label htmlFor={inputId} className="block text-sm font-medium text-slate-700">CSV file</label>
          <input
            id={inputId}
            type="file"
            accept=".csv,text/csv"
            className="block w-full text-sm text-slate-700"
            onChange={async (e) => {
              const chosen = e.target.files?.[0];
              setStep({ kind: "choose" });
              setFile(chosen ? { name: chosen.name, text: await chosen.text() } : null);
            }}
          />
        </div>
        <div className="space-y-1">
          <label htmlFor={`${inputId}-action`} className="block text-sm font-medium text-slate-700">People in the file</label>
          <select id={`${inputId}-action`} className="block w-full rounded-md border-0 px-3 py-2 text-sm ring-1 ring-inset ring-slate-300" value={action} onChange={(e) => setAction(e.target.value === "remove" ? "remove" : "add")}>
            <option value="add">Add the tag</option>
            <option value="remove">Remove the tag</option>
          </select>
        </div>
      </div>
      {error ? <Notice tone="error">{error}</Notice> : null}
      {step.kind === "report" ? (
        <div className="space-y-2" data-testid="match-report">
          <p className="text-sm text-slate-800">
            <span data-testid="match-matched">{step.report.matched.toLocaleString("en")}</span> of {step.report.rows_total.toLocaleString("en")} rows matched a customer;{" "}
            <span data-testid="match-unmatched">{step.report.unmatched.length.toLocaleString("en")}</span> did not.
          </p>
          {step.report.unmatched.length > 0 ? (
            <div className="overflow-x-auto">
              <table className="text-left text-sm">
                <caption className="sr-only">Rows that matched nobody</caption>
                <thead className="text-xs uppercase tracking-wide text-slate-500">
                  <tr><th className="py-1 pr-3 font-medium">Line</th><th className="py-1 pr-3 font-medium">Value</th><th className="py-1 font-medium">Why</th></tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {step.report.unmatched.slice(0, SAMPLE).map((u, i) => (
                    <tr key={`${u.line}-${i}`} data-testid="unmatched-row">
                      <td className="py-1 pr-3 tabular-nums">{u.line ?? "–"}</td>
                      <td className="py-1 pr-3 font-mono text-xs break-all">{u.value || "–"}</td>
                      <td className="py-1 text-slate-600">{u.reason}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {step.report.unmatched.length > SAMPLE ? <p className="text-xs text-slate-500">And {step.report.unmatched.length - SAMPLE} more.</p> : null}
            </div>
          ) : null}
          {step.report.applied ? (
            <Notice tone="success">
              Done: {(action === "add" ? step.report.added : step.report.removed).toLocaleString("en")} {verb} ({step.report.matched - (action === "add" ? step.report.added : step.report.removed)} already were).
            </Notice>
          ) : step.report.matched > 0 ? (
            <div className="flex flex-wrap items-center gap-2">
              <p className="text-sm text-slate-700">Nothing has changed yet.</p>
              <Button type="button" disabled={busy} onClick={() => send(true)} data-testid="apply-matched">
                {action === "add" ? "Tag" : "Untag"} the {step.report.matched.toLocaleString("en")} matched
              </Button>
              <Button type="button" variant="secondary" onClick={() => setStep({ kind: "choose" })}>Cancel</Button>
            </div>
          ) : (
            <p className="text-sm text-slate-700">Nothing matched, so nothing has changed. Check the column and the file.</p>
          )}
        </div>
      ) : (
        <Button type="button" disabled={busy || !file} onClick={() => send(false)}>
          {busy ? "Checking…" : "Check the file"}
        </Button>
      )}
    </div>
  );
}
