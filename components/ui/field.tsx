import type { InputHTMLAttributes, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";

const CONTROL =
  "block w-full rounded-md border-0 px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-brand-600 disabled:bg-slate-50 disabled:text-slate-500";

// `id` defaults to the name; forms repeated on one page (one per row) pass their own.
type Common = { label: string; name: string; id?: string; error?: string; hint?: string };

function Wrapper({ label, name, error, hint, children }: Omit<Common, "id"> & { children: React.ReactNode }) {
  return (
    <div className="space-y-1">
      <label htmlFor={name} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      {children}
      {error ? (
        <p id={`${name}-error`} className="text-sm text-red-600" role="alert">
          {error}
        </p>
      ) : hint ? (
        <p className="text-xs text-slate-500">{hint}</p>
      ) : null}
    </div>
  );
}

/** What every text control carries: its label's target, its error's styling and description. */
function controlProps(id: string, name: string, error: string | undefined) {
  return {
    id,
    name,
    className: `${CONTROL} ${error ? "ring-red-400" : ""}`,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": error ? `${id}-error` : undefined,
  };
}

export function TextField({ label, name, id = name, error, hint, ...props }: Common & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <Wrapper label={label} name={id} error={error} hint={hint}>
      <input {...controlProps(id, name, error)} {...props} />
    </Wrapper>
  );
}

export function TextAreaField({ label, name, id = name, error, hint, ...props }: Common & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <Wrapper label={label} name={id} error={error} hint={hint}>
      <textarea {...controlProps(id, name, error)} {...props} />
    </Wrapper>
  );
}

export function SelectField({ label, name, error, hint, options, ...props }: Common &
  SelectHTMLAttributes<HTMLSelectElement> & { options: { value: string; label: string }[] }) {
  return (
    <Wrapper label={label} name={name} error={error} hint={hint}>
      <select id={name} name={name} className={CONTROL} aria-invalid={error ? true : undefined} {...props}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Wrapper>
  );
}
