// Bulk operations: start one, poll it, and stream its JSONL result into order bundles with one
// order in memory at a time.
//
// File layout (groupObjects: true, see queries.ts): an order's root line, then one line per line
// item carrying "__parentId": the order's gid; then the next order. An order is complete when the
// next root line (or the end of the file) arrives. Each yielded bundle carries `lineNumber`: the
// line a resumed read starts from after it (its last line + 1), so everything before that line is
// in the bundles yielded so far. A resumed run passes fromLine = the last committed lineNumber and
// gets every later order exactly once (fromLine 0 or 1 reads the whole file).

import type { ShopifyClient } from "./client";
import { BulkParseError, ShopifyApiError } from "./errors";
import { BULK_OPERATION_STATUS_QUERY } from "./queries";
import type { BulkOperationNode, BulkOperationStatus, BulkRunQueryData, BulkStatusData, LineItemNode, OrderScalars } from "./shapes";
import { gidType, orderToBundle } from "./transform";
import type { OrderBundle } from "../contracts/store-facts";

export type BulkInput = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | string> | Iterable<string>;

/** `lineNumber`: where a resumed read starts after this order (1-based; its last line + 1). */
export type BulkOrderItem = { lineNumber: number; bundle: OrderBundle };

export type BulkOperationInfo = {
  id: string;
  status: BulkOperationStatus;
  errorCode: string | null;
  objectCount: number;
  rootObjectCount: number;
  url: string | null;
  partialDataUrl: string | null;
};

const TERMINAL: ReadonlySet<BulkOperationStatus> = new Set(["COMPLETED", "FAILED", "CANCELED", "EXPIRED"]);

/** Runs a bulkOperationRunQuery-style mutation; user errors (bad query, too many running) throw. */
export async function startBulkQuery(
  client: ShopifyClient,
  mutation: string,
  variables: Record<string, unknown>,
): Promise<{ id: string; status: BulkOperationStatus }> {
  const { data } = await client.graphql<BulkRunQueryData>(mutation, variables);
  const { bulkOperation, userErrors } = data.bulkOperationRunQuery;
  if (userErrors.length > 0) {
    const first = userErrors[0];
    throw new ShopifyApiError(`bulk query refused: ${userErrors.map((e) => e.message).join("; ")}`, first?.code ?? "BULK_USER_ERROR");
  }
  if (!bulkOperation) throw new ShopifyApiError("bulk query started no operation", "BULK_USER_ERROR");
  return { id: bulkOperation.id, status: bulkOperation.status };
}

export async function getBulkOperation(client: ShopifyClient, id: string): Promise<BulkOperationInfo> {
  const { data } = await client.graphql<BulkStatusData>(BULK_OPERATION_STATUS_QUERY, { id });
  if (!data.node) throw new ShopifyApiError(`no bulk operation ${id}`, "NOT_FOUND");
  return toInfo(data.node);
}

/** Polls until the operation is COMPLETED, FAILED, CANCELED or EXPIRED (interval grows to maxIntervalMs). */
export async function waitForBulkOperation(
  client: ShopifyClient,
  id: string,
  options: { sleep: (ms: number) => Promise<void>; intervalMs?: number; maxIntervalMs?: number; maxPolls?: number },
): Promise<BulkOperationInfo> {
  let interval = options.intervalMs ?? 2_000;
  const maxInterval = options.maxIntervalMs ?? 30_000;
  const maxPolls = options.maxPolls ?? 10_000;
  for (let poll = 1; ; poll++) {
    const info = await getBulkOperation(client, id);
    if (TERMINAL.has(info.status)) return info;
    if (poll >= maxPolls) throw new ShopifyApiError(`bulk operation ${id} still ${info.status} after ${poll} polls`, "BULK_TIMEOUT");
    await options.sleep(interval);
    interval = Math.min(maxInterval, Math.round(interval * 1.5));
  }
}

function toInfo(node: BulkOperationNode): BulkOperationInfo {
  return {
    id: node.id,
    status: node.status,
    errorCode: node.errorCode,
    objectCount: Number(node.objectCount),
    rootObjectCount: Number(node.rootObjectCount),
    url: node.url,
    partialDataUrl: node.partialDataUrl,
  };
}

/** The file's lines, 1-based, decoded incrementally (a line never needs the whole file). */
export async function* readLines(input: BulkInput): AsyncGenerator<{ lineNumber: number; text: string }> {
  const decoder = new TextDecoder();
  let buffer = "";
  let lineNumber = 0;
  for await (const chunk of chunks(input)) {
    buffer += typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
    let start = 0;
    for (let end = buffer.indexOf("\n", start); end !== -1; end = buffer.indexOf("\n", start)) {
      lineNumber += 1;
      yield { lineNumber, text: stripCr(buffer.slice(start, end)) };
      start = end + 1;
    }
    buffer = buffer.slice(start);
  }
  buffer += decoder.decode();
  if (buffer.length > 0) yield { lineNumber: lineNumber + 1, text: stripCr(buffer) };
}

type OpenOrder = { root: OrderScalars; rootLine: number; lastLine: number; lineItems: LineItemNode[] };

/**
 * Streams a bulk orders file as bundles, one per order. Lines before `fromLine` are skipped without
 * being parsed, except those of the order still open at `fromLine`, which are replayed so a resume
 * that lands among an order's children still yields that order whole. Orders that ended before
 * `fromLine` are never yielded again.
 */
export async function* readBulkJsonl(input: BulkInput, options: { fromLine?: number } = {}): AsyncGenerator<BulkOrderItem> {
  const fromLine = Math.max(1, options.fromLine ?? 1);
  const state: { open: OpenOrder | null } = { open: null };
  // Raw lines of the last order seen while skipping: replayed at fromLine.
  let skipped: { lineNumber: number; text: string }[] = [];

  function* accept(lineNumber: number, text: string): Generator<BulkOrderItem> {
    if (text.trim() === "") return;
    const record = parseLine(lineNumber, text);
    const parentId = record.__parentId;
    if (parentId === undefined) {
      if (gidType(record.id) !== "Order") throw new BulkParseError(lineNumber, `expected an Order root line, got ${record.id}`);
      if (state.open) yield* complete(state.open);
      state.open = { root: record as unknown as OrderScalars, rootLine: lineNumber, lastLine: lineNumber, lineItems: [] };
      return;
    }
    if (typeof parentId !== "string") throw new BulkParseError(lineNumber, "__parentId is not a string");
    if (gidType(record.id) !== "LineItem") throw new BulkParseError(lineNumber, `unexpected child object ${record.id}`);
    const open = state.open;
    if (!open || open.root.id !== parentId) {
      throw new BulkParseError(
        lineNumber,
        `line item of ${parentId} does not follow its order (open order: ${open?.root.id ?? "none"}); the file must be grouped (groupObjects: true)`,
      );
    }
    open.lineItems.push(record as unknown as LineItemNode);
    open.lastLine = lineNumber;
  }

  function* complete(order: OpenOrder): Generator<BulkOrderItem> {
    if (order.lastLine < fromLine) return; // committed by an earlier run
    let bundle: OrderBundle;
    try {
      bundle = orderToBundle(order.root, order.lineItems);
    } catch (error) {
      throw new BulkParseError(order.rootLine, `order ${order.root.id}: ${error instanceof Error ? error.message : String(error)}`);
    }
    yield { lineNumber: order.lastLine + 1, bundle };
  }

  for await (const { lineNumber, text } of readLines(input)) {
    if (lineNumber < fromLine) {
      if (text.trim() === "") continue;
      // A child line always carries the "__parentId" key. A root line whose text merely contains it
      // (inside a string) is only kept in the replay buffer too: replay parses it properly.
      if (text.includes('"__parentId"')) skipped.push({ lineNumber, text });
      else skipped = [{ lineNumber, text }];
      continue;
    }
    if (skipped.length > 0) {
      const replay = skipped;
      skipped = [];
      for (const line of replay) yield* accept(line.lineNumber, line.text);
    }
    yield* accept(lineNumber, text);
  }
  for (const line of skipped) yield* accept(line.lineNumber, line.text);
  if (state.open) yield* complete(state.open);
}

function parseLine(lineNumber: number, text: string): { id: string; __parentId?: unknown } & Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new BulkParseError(lineNumber, `malformed JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new BulkParseError(lineNumber, "not a JSON object");
  const record = value as Record<string, unknown>;
  if (typeof record.id !== "string") throw new BulkParseError(lineNumber, "object has no id");
  return record as { id: string } & Record<string, unknown>;
}

async function* chunks(input: BulkInput): AsyncGenerator<Uint8Array | string> {
  if (isReadableStream(input)) {
    const reader = input.getReader();
    let finished = false;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) {
          finished = true;
          return;
        }
        yield value;
      }
    } finally {
      // Stopped early (an error, or the caller broke off): release the download.
      if (!finished) await reader.cancel().catch(() => undefined);
      reader.releaseLock();
    }
  }
  if (Symbol.asyncIterator in input) {
    yield* input as AsyncIterable<Uint8Array | string>;
    return;
  }
  // Plain lines (tests, fixtures): join them back into one text.
  for (const line of input as Iterable<string>) yield line.endsWith("\n") ? line : `${line}\n`;
}

function isReadableStream(input: BulkInput): input is ReadableStream<Uint8Array> {
  return typeof (input as ReadableStream<Uint8Array>).getReader === "function";
}

function stripCr(line: string): string {
  return line.endsWith("\r") ? line.slice(0, -1) : line;
}
