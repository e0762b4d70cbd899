/** The app's public origin: APP_URL (or AUTH_URL) when set, else the request's own. */
export function publicBaseUrl(request: Request): string {
  return (process.env.APP_URL ?? process.env.AUTH_URL ?? new URL(request.url).origin).replace(/\/+$/, "");
}
