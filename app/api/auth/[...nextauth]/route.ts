import type { NextRequest } from "next/server";
import { errorResponse } from "@/lib/api/respond";
import { handlers } from "@/lib/auth";
import { checkCredentialsPost } from "@/lib/auth/credentials-post";

export const GET = handlers.GET;

export async function POST(request: NextRequest) {
  if (!request.nextUrl.pathname.endsWith("/callback/credentials")) return handlers.POST(request);
  let checked: NextRequest;
  try {
    checked = await checkCredentialsPost(request);
  } catch (error) {
    return errorResponse(error);
  }
  return handlers.POST(checked);
}
