import { ConnectorError } from "@/lib/connectors/common/errors";
import { requestJson, type HttpOptions, type HttpRequest, type HttpResult } from "@/lib/connectors/common/http";

// requestJson for Google's APIs, with one limit: a wait longer than a run should hold a worker
// (a daily quota, reset at midnight Pacific time) is not slept through but handed back to the
// sync engine as the rate_limited error, which reschedules the run.

export const MAX_INLINE_WAIT_MS = 60_000;

export type GoogleHttpOptions = Pick<HttpOptions, "timeoutMs" | "attempts" | "baseDelayMs" | "sleep" | "fetchImpl"> & {
  maxInlineWaitMs?: number;
};

export async function googleRequest<T>(
  request: HttpRequest,
  provider: string,
  classify: NonNullable<HttpOptions["classify"]>,
  options: GoogleHttpOptions = {},
): Promise<HttpResult<T>> {
  const maxWait = options.maxInlineWaitMs ?? MAX_INLINE_WAIT_MS;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let lastError: ConnectorError | null = null;
  return requestJson<T>(request, {
    ...options,
    provider,
    classify: (status, body, response) => {
      lastError = classify(status, body, response);
      return lastError;
    },
    sleep: async (ms) => {
      if (ms > maxWait) {
        throw lastError ?? new ConnectorError("rate_limited", provider, `${provider} asked us to wait ${Math.ceil(ms / 1000)} s before calling again.`, { retryAfterMs: ms });
      }
      await sleep(ms);
    },
  });
}

export const bearer = (accessToken: string) => ({ authorization: `Bearer ${accessToken}` });
