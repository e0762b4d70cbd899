/** Retries with exponential backoff and jitter; the last failure is rethrown for the caller to record. */
export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  options: { attempts?: number; baseDelayMs?: number; label: string; retryable?: (error: unknown) => boolean },
): Promise<T> {
  const attempts = options.attempts ?? 3;
  const base = options.baseDelayMs ?? 250;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      const retryable = options.retryable?.(error) ?? true;
      if (attempt >= attempts || !retryable) throw error;
      const delay = base * 2 ** (attempt - 1) * (0.5 + Math.random() / 2);
      console.warn(`[${options.label}] attempt ${attempt} failed, retrying in ${Math.round(delay)} ms: ${String(error)}`);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
