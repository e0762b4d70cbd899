"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { SelectField } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { parseCsv, type CsvTable } from "@/lib/imports/csv";
import type { ImportKind, TImportError, TImportResult } from "@/lib/imports/schema";
import { ImportErrors, ImportPreview } from "./import-preview";

const PREVIEW_ROWS = 10;
const MAX_BYTES = 5 * 1024 * 1024;

const KIND_OPTIONS = [
  { value: "orders", label: "Orders" },
  { value: "ad_spend", label: "Ad spend" },
  { value: "owned_sends", label: "Message sends (email, SMS, push…)" },
];

const PATHS: Record<ImportKind, string> = { orders: "orders", ad_spend: "ad-spend", owned_sends: "owned-sends" };

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

type Loaded = { name: string; text: string; preview: CsvTable };

function endpoint(slug: string, kind: ImportKind, query: Record<string, string>): string {
  return `/api/v1/workspaces/${encodeURIComponent(slug)}/imports/${PATHS[kind]}?${new URLSearchParams(query)}`;
}

/** Sends the file; the answer is a result (200/422) or an error message (anything else). */
async function send(url: string, text: string): Promise<{ result: TImportResult } | { error: string }> {
  try {
    const response = await fetch(url, { method: "POST", headers: { "content-type": "text/csv" }, body: text });
    const body = await response.json().catch(() => null);
    if (response.status === 200 || response.status === 422) return { result: body as TImportResult };
    return { error: body?.error?.message ?? `The upload failed (HTTP ${response.status}).` };
  } catch {
    return { error: "Could not reach the server. Check your connection and try again." };
  }
}

export function ImportUploader({ slug }: { slug: string }) {
  const router = useRouter();
  const [kind, setKind] = useState<ImportKind>("orders");
  const [file, setFile] = useState<Loaded | null>(null);
  const [check, setCheck] = useState<TImportResult | null>(null);
  const [result, setResult] = useState<TImportResult | null>(null);
  const [partial, setPartial] = useState(false);
  const [busy, setBusy] = useState<"checking" | "importing" | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function dryRun(loaded: Loaded, forKind: ImportKind) {
    setBusy("checking");
    setCheck(null);
    const answer = await send(endpoint(slug, forKind, { dry_run: "true", partial: "true" }), loaded.text);
    setBusy(null);
    if ("error" in answer) setError(answer.error);
    else setCheck(answer.result);
  }

  async function choose(selected: File | undefined) {
    setError(null);
    setResult(null);
    setCheck(null);
    setFile(null);
    if (!selected) return;
    if (selected.size > MAX_BYTES) return setError("The file is larger than 5 MB; split it into smaller files.");
    const text = await selected.text();
    const loaded = { name: selected.name, text, preview: parseCsv(text, PREVIEW_ROWS) };
    setFile(loaded);
    await dryRun(loaded, kind);
  }

  async function changeKind(next: ImportKind) {
    setKind(next);
    setResult(null);
    setError(null);
    if (file) await dryRun(file, next);
  }

  async function apply() {
    if (!file) return;
    setBusy("importing");
    setError(null);
    const answer = await send(endpoint(slug, kind, { partial: String(partial), file_name: file.name }), file.text);
    setBusy(null);
    if ("error" in answer) return setError(answer.error);
    setResult(answer.result);
    router.refresh();
  }

  const errors: TImportError[] = check?.errors ?? [];
  const canImport = !!file && !!check && busy === null && (check.errors_total === 0 || (partial && check.rows_valid > 0));

  return (
    <div className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField label="What the file holds" name="kind" value={kind} options={KIND_OPTIONS} onChange={(e) => changeKind(e.target.value as ImportKind)} />
        <div className="space-y-1">
          <label htmlFor="import-file" className="block text-sm font-medium text-slate-700">
            CSV file (UTF-8, header row, at most 5 MB)
          </label>
          <input
            id="import-file"
            type="file"
            accept=".csv,text/csv"
            className="block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-2 file:text-sm file:font-medium hover:file:bg-slate-200"
            onChange={(e) => choose(e.target.files?.[0])}
          />
        </div>
      </div>

      {error ? <Notice tone="error">{error}</Notice> : null}
      {busy === "checking" ? <Notice>Checking every row…</Notice> : null}

      {file ? <ImportPreview table={file.preview} errors={errors} /> : null}

      {check ? (
        <div className="space-y-3" data-testid="import-check">
          {check.errors_total === 0 ? (
            <Notice tone="success">All {check.rows_total} rows are valid and ready to import.</Notice>
          ) : (
            <Notice tone="error">
              {plural(check.errors_total, "problem")} found; {check.rows_valid} of {check.rows_total} rows are valid.
            </Notice>
          )}
          <ImportErrors errors={errors} total={check.errors_total} />
          {check.errors_total > 0 ? (
            <label className="flex items-center gap-2 text-sm text-slate-700">
              <input type="checkbox" checked={partial} onChange={(e) => setPartial(e.target.checked)} className="rounded border-slate-300" />
              Import the valid rows and skip the bad ones
            </label>
          ) : null}
          <Button type="button" onClick={apply} disabled={!canImport}>
            {busy === "importing" ? "Importing…" : "Import"}
          </Button>
        </div>
      ) : null}

      {result ? (
        <Notice tone={result.rows_applied > 0 ? "success" : "error"}>
          {result.rows_applied > 0
            ? `Imported ${result.rows_applied} of ${result.rows_total} rows${result.errors_total ? `; skipped ${plural(result.errors_total, "problem")}` : ""}. Reports include them now.`
            : "Nothing was imported: fix the problems above and upload the file again."}
        </Notice>
      ) : null}
    </div>
  );
}
