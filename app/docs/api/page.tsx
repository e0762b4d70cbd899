import type { Metadata } from "next";
import { Logo } from "@/components/logo";
import { ApiReference } from "./api-reference";
import { OPENAPI_URL } from "./openapi-url";

export const metadata: Metadata = { title: "API reference" };

// Built once: the page is a frame, and the browser draws the reference from the API's own document.
export const dynamic = "force-static";

export default function ApiReferencePage() {
  return (
    <div className="mx-auto max-w-6xl px-4 py-8 sm:px-6">
      <header className="mb-8 flex flex-wrap items-center justify-between gap-3">
        <Logo />
        <a href={OPENAPI_URL} className="text-sm font-medium text-brand-700 hover:underline">
          openapi.json
        </a>
      </header>
      <main className="min-w-0">
        <ApiReference />
      </main>
    </div>
  );
}
