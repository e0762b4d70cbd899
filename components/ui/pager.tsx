import Link from "next/link";
import { buttonClass } from "./button";

/**
 * The Previous/Next links under a paged list, with where this page sits ("11–20 of 245").
 * `hrefFor` builds the link for an offset; Next stops at `maxOffset`, the furthest a query may page.
 */
export function Pager({ offset, shown, total, limit, maxOffset, noun, hrefFor }: {
  offset: number;
  shown: number;
  total: number;
  limit: number;
  maxOffset: number;
  /** What the list holds, in the plural: "No customers". */
  noun: string;
  hrefFor: (offset: number) => string;
}) {
  const last = Math.min(offset + shown, total);
  return (
    <nav aria-label="Pages" className="flex flex-wrap items-center justify-between gap-2 text-sm text-slate-600">
      <span>{total === 0 ? `No ${noun}` : `${offset + 1}–${last} of ${total.toLocaleString("en")}`}</span>
      <span className="flex gap-2">
        {offset > 0 ? (
          <Link href={hrefFor(Math.max(0, offset - limit))} className={buttonClass("secondary")}>
            Previous
          </Link>
        ) : null}
        {last < total && offset + limit <= maxOffset ? (
          <Link href={hrefFor(offset + limit)} className={buttonClass("secondary")}>
            Next
          </Link>
        ) : null}
      </span>
    </nav>
  );
}
