import { Inngest } from "inngest";

// The Inngest client the seam sends events with; inngest/ serves the functions built on it.
export const inngest = new Inngest({ id: "signalboard" });
