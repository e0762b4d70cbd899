import { NextResponse } from "next/server";

// Unknown API paths answer in JSON, like every other API response.
function notFound(request: Request) {
  const path = new URL(request.url).pathname;
  return NextResponse.json({ error: { code: "not_found", message: `No API endpoint at ${path}.` } }, { status: 404 });
}

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
