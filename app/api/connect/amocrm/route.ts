import { beginAmoConnect } from "@/lib/connections/oauth/amocrm";

export const dynamic = "force-dynamic";

/** Starts connecting (or reconnecting) AmoCRM: a link or a form post. Admins only. */
export const GET = (request: Request) => beginAmoConnect(request);
export const POST = (request: Request) => beginAmoConnect(request);
