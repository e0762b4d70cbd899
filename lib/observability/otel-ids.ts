import { isSpanContextValid, trace } from "@opentelemetry/api";

// The ids that tie a log line to its trace. With no SDK running there is never an active span, so
// this costs one lookup in the API's no-op context.

export function activeTraceIds(): { trace_id: string; span_id: string } | null {
  const span = trace.getActiveSpan();
  if (!span) return null;
  const context = span.spanContext();
  return isSpanContextValid(context) ? { trace_id: context.traceId, span_id: context.spanId } : null;
}
