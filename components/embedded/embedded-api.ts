// Calls to the embedded app's own API from its client components. Inside the admin, App Bridge
// adds the session token to same-origin fetches; the caller may pass its own fetch instead.

export type EmbeddedFetch = (input: string, init?: RequestInit) => Promise<Response>;

export type EmbeddedAnswer<T> = { ok: true; body: T } | { ok: false; message: string };

const FALLBACK = "Signalboard did not answer. Check the connection and try again.";

export async function callEmbeddedApi<T>(fetchImpl: EmbeddedFetch, path: string, init: { method?: "GET" | "POST"; body?: unknown } = {}): Promise<EmbeddedAnswer<T>> {
  let response: Response;
  try {
    response = await fetchImpl(path, {
      method: init.method ?? "GET",
      headers: init.body === undefined ? undefined : { "content-type": "application/json" },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  } catch {
    return { ok: false, message: FALLBACK };
  }
  const body = (await response.json().catch(() => null)) as ({ error?: { message?: string } } & T) | null;
  if (response.ok && body) return { ok: true, body };
  return { ok: false, message: body?.error?.message ?? FALLBACK };
}

/** US cents as a price people read: 4900 -> "$49", 4950 -> "$49.50". */
export function dollars(cents: number): string {
  const whole = Math.trunc(cents / 100);
  const rest = cents % 100;
  return `$${whole.toLocaleString("en-US")}${rest ? `.${String(rest).padStart(2, "0")}` : ""}`;
}
