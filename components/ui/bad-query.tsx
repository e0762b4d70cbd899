import Link from "next/link";
import { Notice } from "./notice";

/** A page whose query string was refused: the page's header, why, and a way back to its defaults. */
export function BadQueryPage({ header, message, resetHref, resetLabel }: { header: React.ReactNode; message: string; resetHref: string; resetLabel: string }) {
  return (
    <div className="space-y-6">
      {header}
      <Notice tone="error">{message}</Notice>
      <Link href={resetHref} className="text-sm text-brand-700 hover:underline">
        {resetLabel}
      </Link>
    </div>
  );
}
