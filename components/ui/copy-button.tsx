"use client";

import { useState } from "react";
import { Button } from "./button";

/** Copies `text` to the clipboard and says whether it worked (pages served over plain http have no clipboard). */
export function CopyButton({ text, label = "Copy" }: { text: string; label?: string }) {
  const [outcome, setOutcome] = useState<"copied" | "failed" | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setOutcome("copied");
    } catch {
      setOutcome("failed");
    }
  }
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <Button type="button" variant="secondary" onClick={copy}>
        {label}
      </Button>
      <span role="status" className="text-sm text-slate-600">
        {outcome === "copied" ? "Copied." : outcome === "failed" ? "Could not copy: select the text and copy it." : ""}
      </span>
    </span>
  );
}
