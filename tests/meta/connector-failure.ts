import { ConnectorError } from "@/lib/connectors/common/errors";

/** The ConnectorError that `run` throws or rejects with; anything else fails the test. */
export async function connectorFailure(run: () => unknown): Promise<ConnectorError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof ConnectorError) return error;
    throw error;
  }
  throw new Error("expected a ConnectorError");
}
