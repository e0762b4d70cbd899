"use client";

import { Button } from "@/components/ui/button";

export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  return (
    <main className="mx-auto flex min-h-[60vh] max-w-md flex-col items-center justify-center px-6 text-center">
      <h1 className="text-2xl font-semibold">Something went wrong</h1>
      <p className="mt-2 text-slate-600">It has been logged. Try again, and if it keeps happening, let us know.</p>
      <Button className="mt-6" variant="secondary" onClick={reset}>
        Try again
      </Button>
    </main>
  );
}
