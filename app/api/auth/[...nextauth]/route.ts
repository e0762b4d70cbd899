import type { NextRequest } from "next/server";
import { errorResponse } from "@/lib/api/respond";
import { handlers } from "@/lib/auth";
import { assertSignInAllowed, clientIp } from "@/lib/auth/rate-limit";
import { ZEmail } from "@/lib/auth/schemas";

export const GET = handlers.GET;

// Direct posts to the credentials callback get a real 429 once the limit is reached;
// the sign-in form reaches the same limiter through its server action.
export async function POST(request: NextRequest) {
  if (request.nextUrl.pathname.endsWith("/callback/credentials")) {
    try {
      const form = await request.clone().formData();
      const email = ZEmail.safeParse(form.get("email"));
      if (email.success) await assertSignInAllowed(email.data, clientIp(request.headers));
    } catch (error) {
      return errorResponse(error);
    }
  }
  return handlers.POST(request);
}
