import { NextRequest } from "next/server";
import { mediaType, readRawBody } from "@/lib/api/respond";
import { AppError } from "@/lib/errors";
import { assertSignInAllowed, clientIp } from "./rate-limit";
import { ZEmail } from "./schemas";

// What a direct POST to /api/auth/callback/credentials must be before Auth.js sees it. The sign-in
// form sends URL-encoded fields; a JSON or multipart body is no sign-in, and parsing one as a form
// threw, which answered 500.

const FORM = "application/x-www-form-urlencoded";

/** Far more than an email, a password and a CSRF token. */
const MAX_FORM_BYTES = 16 * 1024;

/**
 * Refuses a body that is not a sign-in form (400, 413) and a sign-in already over the limit (429,
 * with Retry-After), so a direct post gets a real answer; the form's server action reaches the
 * same limiter. Returns the request to hand to Auth.js, its body read once and kept.
 */
export async function checkCredentialsPost(request: NextRequest): Promise<NextRequest> {
  if (mediaType(request.headers.get("content-type")) !== FORM) {
    throw new AppError("bad_request", `Send the sign-in fields (email, password, csrfToken) as ${FORM}.`);
  }
  const body = await readRawBody(request, MAX_FORM_BYTES);
  const email = ZEmail.safeParse(new URLSearchParams(body.toString("utf8")).get("email"));
  if (email.success) await assertSignInAllowed(email.data, clientIp(request.headers));
  return new NextRequest(request.url, { method: request.method, headers: request.headers, body: new Uint8Array(body) });
}
