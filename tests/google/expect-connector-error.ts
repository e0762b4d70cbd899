import { expect } from "vitest";
import { ConnectorError, type ConnectorErrorKind } from "@/lib/connectors/common/errors";

/** Runs `run` (sync or async), demands a ConnectorError of `kind`, and returns it. */
export async function expectConnectorError(run: () => unknown, kind: ConnectorErrorKind): Promise<ConnectorError> {
  let caught: unknown;
  try {
    await run();
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected a ConnectorError "${kind}" but nothing was thrown`).toBeInstanceOf(ConnectorError);
  expect((caught as ConnectorError).kind, (caught as Error).message).toBe(kind);
  return caught as ConnectorError;
}
