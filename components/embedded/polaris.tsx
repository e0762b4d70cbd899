"use client";

import Link from "next/link";
import { useSyncExternalStore } from "react";

// Polaris web components (Shopify's admin UI, the `s-` elements) with a fallback of plain HTML in
// the admin's look. The script comes from Shopify's CDN, asynchronously (app/embedded/layout.tsx),
// so it never holds up the first figures; until it has defined its elements, and wherever it
// cannot load, every piece below renders its fallback: real buttons, links, tables and headings,
// so keyboards, screen readers and a 390 px screen work either way.

export { POLARIS_SRC } from "./polaris-src";

/** The element whose definition says the library has run (it defines them all at once). */
const PROBE = "s-button";

function subscribe(onChange: () => void): () => void {
  if (typeof customElements === "undefined") return () => {};
  let live = true;
  void customElements.whenDefined(PROBE).then(() => live && onChange());
  return () => {
    live = false;
  };
}

const polarisDefined = () => typeof customElements !== "undefined" && customElements.get(PROBE) !== undefined;

/** True once Polaris's elements are defined; false on the server and while the script is absent. */
export function usePolaris(): boolean {
  return useSyncExternalStore(subscribe, polarisDefined, () => false);
}

type Tone = "info" | "success" | "warning" | "critical" | "neutral";

/** A card with a heading: `s-section`, or the admin's white card. */
export function PSection({ heading, children, testId }: { heading?: string; children: React.ReactNode; testId?: string }) {
  const polaris = usePolaris();
  if (polaris) {
    return (
      <s-section heading={heading} data-testid={testId}>
        {children}
      </s-section>
    );
  }
  return (
    <section className="embedded-card" aria-label={heading} data-testid={testId}>
      {heading ? <h2 className="embedded-subtitle mb-2">{heading}</h2> : null}
      {children}
    </section>
  );
}

type ButtonProps = {
  children: React.ReactNode;
  variant?: "primary" | "secondary";
  disabled?: boolean;
  busy?: boolean;
  onClick?: () => void;
  /** A link inside the app (kept client-side) instead of an action. */
  href?: string;
  testId?: string;
  label?: string;
};

/** `s-button`, or a native button (a Next.js link when it has an href). */
export function PButton({ children, variant = "secondary", disabled, busy, onClick, href, testId, label }: ButtonProps) {
  const polaris = usePolaris();
  if (polaris) {
    return (
      <s-button variant={variant} disabled={disabled || undefined} loading={busy || undefined} href={href} onClick={onClick} data-testid={testId} accessibilityLabel={label}>
        {children}
      </s-button>
    );
  }
  const className = variant === "primary" ? "embedded-button" : "embedded-button-plain";
  if (href) {
    return (
      <Link className={className} href={href} data-testid={testId} aria-label={label}>
        {children}
      </Link>
    );
  }
  return (
    <button type="button" className={className} disabled={disabled} aria-busy={busy || undefined} onClick={onClick} data-testid={testId} aria-label={label}>
      {children}
    </button>
  );
}

const BADGE_COLOURS: Record<Tone, string> = {
  info: "bg-[#e0f0ff] text-[#00527c]",
  success: "bg-[#cdfee1] text-[#0c5132]",
  warning: "bg-[#fff1e3] text-[#5e4200]",
  critical: "bg-[#fedad9] text-[#8e0b21]",
  neutral: "bg-[#e3e3e3] text-[#303030]",
};

/** `s-badge`, or a pill in the same tones. */
export function PBadge({ tone = "neutral", children, testId }: { tone?: Tone; children: React.ReactNode; testId?: string }) {
  const polaris = usePolaris();
  if (polaris) {
    return (
      <s-badge tone={tone === "neutral" ? undefined : tone} data-testid={testId}>
        {children}
      </s-badge>
    );
  }
  return (
    <span className={`inline-flex rounded-lg px-2 py-0.5 text-xs font-medium ${BADGE_COLOURS[tone]}`} data-testid={testId}>
      {children}
    </span>
  );
}

/** `s-banner`, or a bordered notice; critical banners are alerts. */
export function PBanner({ tone = "info", heading, children, testId }: { tone?: Tone; heading?: string; children?: React.ReactNode; testId?: string }) {
  const polaris = usePolaris();
  if (polaris) {
    return (
      <s-banner tone={tone === "neutral" ? undefined : tone} heading={heading} data-testid={testId}>
        {children}
      </s-banner>
    );
  }
  return (
    <div role={tone === "critical" ? "alert" : "status"} className={`embedded-banner embedded-banner-${tone}`} data-testid={testId}>
      {heading ? <p className="font-semibold">{heading}</p> : null}
      {children ? <div className="mt-1">{children}</div> : null}
    </div>
  );
}

export type PColumn = { label: string; numeric?: boolean };

/**
 * `s-table` (which Polaris turns into a list on narrow screens), or a native table that scrolls
 * inside its card rather than widening the page. The first cell of a row is its header.
 */
export function PTable({ caption, columns, rows, testId }: { caption: string; columns: readonly PColumn[]; rows: readonly { key: string; cells: readonly React.ReactNode[] }[]; testId?: string }) {
  const polaris = usePolaris();
  if (polaris) {
    return (
      <s-table data-testid={testId} accessibilityLabel={caption}>
        <s-table-header-row>
          {columns.map((column, i) => (
            <s-table-header key={column.label} format={column.numeric ? "numeric" : undefined} listSlot={i === 0 ? "primary" : "labeled"}>
              {column.label}
            </s-table-header>
          ))}
        </s-table-header-row>
        <s-table-body>
          {rows.map((row) => (
            <s-table-row key={row.key}>
              {row.cells.map((cell, i) => (
                <s-table-cell key={i}>{cell}</s-table-cell>
              ))}
            </s-table-row>
          ))}
        </s-table-body>
      </s-table>
    );
  }
  return (
    <div className="embedded-table-scroll" tabIndex={0} role="region" aria-label={caption} data-testid={testId}>
      <table className="embedded-table">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.label} scope="col" className={column.numeric ? "text-right" : "text-left"}>
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              {row.cells.map((cell, i) =>
                i === 0 ? (
                  <th key={i} scope="row" className="text-left font-medium">
                    {cell}
                  </th>
                ) : (
                  <td key={i} className={columns[i]?.numeric ? "text-right tabular-nums" : "text-left"}>
                    {cell}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
