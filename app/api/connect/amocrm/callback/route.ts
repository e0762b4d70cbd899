import { completeAmoConnect } from "@/lib/connections/oauth/amocrm";

export const dynamic = "force-dynamic";

/** Where AmoCRM sends the admin back with a code and the account's domain: lib/connections/oauth/amocrm.ts. */
export const GET = (request: Request) => completeAmoConnect(request);
