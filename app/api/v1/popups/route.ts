import { answerEligible, answerPreflight } from "@/lib/owned/popups/public";

// The snippet asks which pop-ups may show on its page (lib/owned/popups/public.ts). Public: the
// page's write key authenticates it, as for POST /api/v1/track.
export const dynamic = "force-dynamic";

export const POST = (request: Request) => answerEligible(request);
export const OPTIONS = (request: Request) => answerPreflight(request);
