import { cache } from "react";
import { recordRequestOutcome } from "./availability";

// A workspace page render counts once toward the web's availability, however many of its layouts
// and pages pass the guard: React's request cache runs this once per server render.
export const countPageRender = cache((): void => recordRequestOutcome("web", 200));
