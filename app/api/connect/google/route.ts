import { beginAdConnect } from "@/lib/connections/oauth/routes";

export const dynamic = "force-dynamic";

/** Starts connecting, or reconnecting (connection=<id>), Google (Ads or Analytics 4: provider=google_ads|google_analytics): a link or a form post. Admins only. */
const begin = (request: Request) => beginAdConnect(request, "google");

export const GET = begin;
export const POST = begin;
