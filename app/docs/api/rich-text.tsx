// Descriptions in the document use `code` spans and "- " list lines; nothing else is interpreted.

function Inline({ text }: { text: string }) {
  return (
    <>
      {text.split("`").map((part, i) =>
        i % 2 === 1 ? (
          <code key={i} className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.85em] text-slate-800">
            {part}
          </code>
        ) : (
          part
        ),
      )}
    </>
  );
}

export function RichText({ text, className = "" }: { text: string; className?: string }) {
  if (!text) return null;
  const lines = text.split("\n");
  const intro = lines.filter((l) => !l.startsWith("- "));
  const items = lines.filter((l) => l.startsWith("- "));
  return (
    <div className={className}>
      {intro.map((line, i) => (
        <p key={i}>
          <Inline text={line} />
        </p>
      ))}
      {items.length > 0 ? (
        <ul className="mt-1 list-disc space-y-0.5 pl-5">
          {items.map((line, i) => (
            <li key={i}>
              <Inline text={line.slice(2)} />
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
