// The tags pages talk to the tags API (/api/v1/workspaces/{slug}/tags...) with the signed-in
// member's session; an error answer carries a message and, for bad input, messages by field.

export type TApiAnswer<T> = { ok: boolean; status: number; body: T | null; error: string | null; fields: Record<string, string> };

type ErrorBody = { error?: { message?: string; fields?: Record<string, string> } };

export async function tagsApi<T>(slug: string, path: string, init: RequestInit = {}): Promise<TApiAnswer<T>> {
  let response: Response;
  try {
    response = await fetch(`/api/v1/workspaces/${encodeURIComponent(slug)}/tags${path}`, { cache: "no-store", ...init });
  } catch {
    return { ok: false, status: 0, body: null, error: "Signalboard could not be reached. Check your connection and try again.", fields: {} };
  }
  const body = (await response.json().catch(() => null)) as (T & ErrorBody) | null;
  const problem = body && typeof body === "object" && "error" in body ? (body as ErrorBody).error : undefined;
  return {
    ok: response.ok,
    status: response.status,
    body,
    error: response.ok ? null : (problem?.message ?? `The request failed (${response.status}).`),
    fields: problem?.fields ?? {},
  };
}

export const jsonInit = (method: string, payload: unknown): RequestInit => ({
  method,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(payload),
});
