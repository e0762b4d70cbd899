import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { GET, POST } from "@/app/api/auth/[...nextauth]/route";
import { db } from "@/lib/db/client";
import { SIGN_IN_LIMIT } from "@/lib/auth/rate-limit";
import { uniqueEmail } from "../helpers";

// POST /api/auth/callback/credentials is Auth.js's own endpoint, reachable by anyone. A body that is
// not the sign-in form (JSON, a broken multipart body, an odd content type) used to answer 500.

const CALLBACK = "http://localhost/api/auth/callback/credentials";

afterEach(() => {
  vi.restoreAllMocks();
});

function post(contentType: string | null, body: BodyInit | undefined, headers: Record<string, string> = {}) {
  const all = { ...headers, ...(contentType === null ? {} : { "content-type": contentType }) };
  return POST(new NextRequest(CALLBACK, { method: "POST", headers: all, body }));
}

/** A CSRF token and the cookie that goes with it, as the sign-in page would hold them. */
async function csrf(): Promise<{ token: string; cookie: string }> {
  const response = await GET(new NextRequest("http://localhost/api/auth/csrf"));
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  const cookie = response.headers.getSetCookie().map((line) => line.split(";")[0]).join("; ");
  return { token: csrfToken, cookie };
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

describe("POST /api/auth/callback/credentials", () => {
  it("answers 400 naming the expected content type to a JSON body, a broken multipart body and odd content types", async () => {
    const boundary = "----signalboard";
    const bodies: [string | null, string | undefined][] = [
      ["application/json", JSON.stringify({ email: "ana@example.test", password: "secret" })],
      ["application/json", "{not json"],
      [`multipart/form-data; boundary=${boundary}`, `--${boundary}\r\nContent-Disposition: form-data; name="email"\r\n\r\nana@example.test`],
      ["multipart/form-data", "email=ana@example.test"],
      ["text/plain;charset=UTF-8;application/json", "email=ana@example.test"],
      [null, undefined],
    ];
    for (const [type, body] of bodies) {
      const response = await post(type, body);
      expect(response.status, `${type}: ${body}`).toBe(400);
      const json = (await response.json()) as { error: { code: string; message: string } };
      expect(json.error).toMatchObject({ code: "bad_request", message: expect.stringContaining("application/x-www-form-urlencoded") });
    }
  });

  it("refuses a form larger than a sign-in with 413", async () => {
    const response = await post("application/x-www-form-urlencoded", form({ email: "ana@example.test", password: "x".repeat(20_000) }));
    expect(response.status).toBe(413);
  });

  it("still answers 429 once an account is over the sign-in limit", async () => {
    const email = uniqueEmail("limited");
    await db.signInFailure.createMany({ data: Array.from({ length: SIGN_IN_LIMIT }, () => ({ email, ip: "unknown" })) });
    const response = await post("application/x-www-form-urlencoded", form({ email, password: "wrong-password" }));
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toMatch(/^\d+$/);
  });

  it("hands a well-formed form to Auth.js, which answers a wrong or NUL-laden sign-in with a redirect, never a 5xx", async () => {
    const { token, cookie } = await csrf();
    for (const fields of [
      { email: uniqueEmail("nobody"), password: "wrong-password" },
      { email: `${uniqueEmail("nul")}\u0000`, password: "pass\u0000word" },
    ]) {
      const response = await post("application/x-www-form-urlencoded", form({ ...fields, csrfToken: token }), { cookie });
      expect(response.status).toBe(302);
      expect(response.headers.get("location")).toContain("error=CredentialsSignin");
    }
  });
});
