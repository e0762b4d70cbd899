import { beginAdConnect } from "@/lib/connections/oauth/routes";

export const dynamic = "force-dynamic";

/** Starts connecting, or reconnecting (connection=<id>), Meta Ads: a link or a form post. Admins only. */
const begin = (request: Request) => beginAdConnect(request, "meta");

export const GET = begin;
export const POST = begin;
