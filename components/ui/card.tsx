export function Card({ title, description, children, tone = "default" }: {
  title?: string;
  description?: React.ReactNode;
  children: React.ReactNode;
  tone?: "default" | "danger";
}) {
  return (
    <section className={`rounded-lg bg-white shadow-sm ring-1 ${tone === "danger" ? "ring-red-200" : "ring-slate-200"}`}>
      {title ? (
        <header className="border-b border-slate-100 px-5 py-4">
          <h2 className={`text-base font-semibold ${tone === "danger" ? "text-red-700" : "text-slate-900"}`}>{title}</h2>
          {description ? <p className="mt-1 text-sm text-slate-500">{description}</p> : null}
        </header>
      ) : null}
      <div className="px-5 py-4">{children}</div>
    </section>
  );
}

export function PageHeader({ title, description, actions }: { title: string; description?: string; actions?: React.ReactNode }) {
  return (
    <div className="mb-6 flex flex-wrap items-end justify-between gap-3">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{title}</h1>
        {description ? <p className="mt-1 text-sm text-slate-500">{description}</p> : null}
      </div>
      {actions}
    </div>
  );
}
