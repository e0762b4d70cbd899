// The states every widget body shares while its report loads or fails, so a dashboard reads the
// same whatever its widgets' kinds (and tests find a failed widget by one test id).

export function WidgetError({ message }: { message: string }) {
  return (
    <p className="text-sm text-red-700" role="alert" data-testid="widget-error">
      {message}
    </p>
  );
}

export function WidgetLoading() {
  return <div className="h-full animate-pulse rounded bg-slate-100" aria-label="Loading" />;
}
