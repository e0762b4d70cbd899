import type { Touch } from "./types";

/**
 * The touches' indexes from earliest to latest, ties in input order; null when they are already
 * in that order (the usual case, which then costs no allocation).
 */
export function chronologicalOrder(touches: readonly Touch[]): number[] | null {
  for (let i = 1; i < touches.length; i++) {
    if (touches[i]!.at.getTime() < touches[i - 1]!.at.getTime()) {
      // Array.prototype.sort is stable, which keeps tied touches in input order.
      return touches.map((_, index) => index).sort((a, b) => touches[a]!.at.getTime() - touches[b]!.at.getTime());
    }
  }
  return null;
}
