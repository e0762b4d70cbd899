import { answerConfirm, answerPreflight } from "@/lib/owned/popups/public";

// The snippet confirms one pop-up for its visitor just before showing it (lib/owned/popups/public.ts).
export const dynamic = "force-dynamic";

export const POST = (request: Request) => answerConfirm(request);
export const OPTIONS = (request: Request) => answerPreflight(request);
