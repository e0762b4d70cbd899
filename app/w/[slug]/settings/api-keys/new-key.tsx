/** A freshly issued secret, shown once. */
export function NewKey({ secret, note }: { secret: string; note?: string }) {
  return (
    <div className="rounded-md bg-emerald-50 p-4 ring-1 ring-inset ring-emerald-200" role="status">
      <p className="text-sm font-medium text-emerald-900">Copy this key now. It will not be shown again.</p>
      {note ? <p className="mt-1 text-sm text-emerald-900">{note}</p> : null}
      <code data-testid="new-api-key" className="mt-2 block break-all rounded bg-white px-3 py-2 font-mono text-sm ring-1 ring-emerald-200">
        {secret}
      </code>
    </div>
  );
}
