import { beginAdConnect } from "@/lib/connections/oauth/routes";

export const dynamic = "force-dynamic";

/** Starts connecting, or reconnecting (connection=<id>), Douyin: a link or a form post. Admins only. */
const begin = (request: Request) => beginAdConnect(request, "douyin");

export const GET = begin;
export const POST = begin;
