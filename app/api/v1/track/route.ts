import { handleTrack, handleTrackPreflight } from "@/lib/tracking/ingest";

export const POST = (request: Request) => handleTrack(request);

export const OPTIONS = (request: Request) => handleTrackPreflight(request);
