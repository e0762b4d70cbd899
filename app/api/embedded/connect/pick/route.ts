import { completeEmbeddedPick } from "@/lib/connections/oauth/popup";

export const dynamic = "force-dynamic";

/** The new window's account choice after the platform's consent; the outcome goes back to the app's frame. */
export const POST = (request: Request) => completeEmbeddedPick(request);
