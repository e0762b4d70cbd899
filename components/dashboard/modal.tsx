"use client";

import { useEffect, useRef } from "react";

/** A native modal dialog: focus is trapped and Escape closes it. */
export function Modal({ title, open, onClose, children, testId }: {
  title: string;
  open: boolean;
  onClose: () => void;
  children: React.ReactNode;
  testId?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      onClose={onClose}
      aria-labelledby={testId ? `${testId}-title` : undefined}
      className="m-auto w-[min(40rem,calc(100vw-1.5rem))] rounded-lg p-0 shadow-xl backdrop:bg-slate-900/40"
      data-testid={testId}
    >
      {open ? (
        <div className="max-h-[85vh] overflow-y-auto p-5">
          <div className="mb-4 flex items-center justify-between gap-3">
            <h2 id={testId ? `${testId}-title` : undefined} className="text-lg font-semibold">
              {title}
            </h2>
            <button type="button" onClick={onClose} className="rounded px-2 py-1 text-slate-500 hover:bg-slate-100" aria-label="Close">
              ✕
            </button>
          </div>
          {children}
        </div>
      ) : null}
    </dialog>
  );
}
