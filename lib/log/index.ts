import { Writable } from "node:stream";
import pino from "pino";
import { activeTraceIds } from "../observability/otel-ids";
import { currentContext } from "./context";
import { redactValue } from "./redact";

// Structured logs: one JSON line per event, with the request, workspace and job it belongs to
// (from the async context), every argument passed through redaction first. LOG_LEVEL sets the
// threshold (debug, info, warn, error; info by default, silent in tests unless captured).

export type LogFields = Record<string, unknown>;
export type Logger = {
  debug(message: string, detail?: unknown): void;
  info(message: string, detail?: unknown): void;
  warn(message: string, detail?: unknown): void;
  error(message: string, detail?: unknown): void;
  /** A logger whose lines all carry `bindings` (a scope such as { scope: "sync" }). */
  child(bindings: LogFields): Logger;
};

type Level = "debug" | "info" | "warn" | "error";
const LEVELS = new Set(["trace", "debug", "info", "warn", "error", "fatal", "silent"]);

function configuredLevel(): string {
  const level = (process.env.LOG_LEVEL ?? "").toLowerCase();
  if (LEVELS.has(level)) return level;
  return process.env.VITEST ? "silent" : "info";
}

function build(destination: NodeJS.WritableStream, level = configuredLevel()): pino.Logger {
  return pino(
    {
      level,
      base: undefined,
      messageKey: "msg",
      // Errors arrive already serialized by redaction; pino's own serializer would rename their type "Object".
      serializers: { err: (value: unknown) => value },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin() {
        const { requestId, workspaceId, jobId } = currentContext();
        return { ...(requestId && { requestId }), ...(workspaceId && { workspaceId }), ...(jobId && { jobId }), ...activeTraceIds() };
      },
    },
    destination,
  );
}

let root = build(process.stdout);

/** What a second argument adds to a line: an error under `err`, an object's fields, anything else under `detail`. */
function fieldsOf(detail: unknown): LogFields {
  if (detail === undefined) return {};
  const safe = redactValue(detail);
  if (detail instanceof Error) return { err: safe };
  if (safe !== null && typeof safe === "object" && !Array.isArray(safe)) return safe as LogFields;
  return { detail: safe };
}

function wrap(bindings: LogFields): Logger {
  const write = (level: Level) => (message: string, detail?: unknown) => {
    const target = Object.keys(bindings).length ? root.child(redactValue(bindings) as LogFields) : root;
    target[level](fieldsOf(detail), String(redactValue(message)));
  };
  return {
    debug: write("debug"),
    info: write("info"),
    warn: write("warn"),
    error: write("error"),
    child: (more) => wrap({ ...bindings, ...more }),
  };
}

export const log: Logger = wrap({});

export function logger(scope: string): Logger {
  return wrap({ scope });
}

/** Collects every line written until `stop` (tests read what would have reached stdout). */
export function captureLogs(level = "debug"): { lines: () => string[]; text: () => string; stop: () => void } {
  const chunks: string[] = [];
  const previous = root;
  root = build(
    new Writable({
      write(chunk, _encoding, done) {
        chunks.push(String(chunk));
        done();
      },
    }),
    level,
  );
  const text = () => chunks.join("");
  return {
    text,
    lines: () => text().split("\n").filter(Boolean),
    stop: () => {
      root = previous;
    },
  };
}
