import { storedFits } from "./fits";
import { transitionMatrix, type MarkovFit, type ShapleyFit, type TransitionMatrix } from "./models";

// The data-driven models' reasoning as the screens show it, from the stored fits (never refitted
// per request): the Markov chain's transition matrix and each channel's removal effect, and the
// Shapley value of each channel, with when each was fitted and on how many journeys.

type TFitFacts = { fittedAt: Date; journeys: number; conversions: number; windowDays: number };

export type TMarkovEvidence = TFitFacts & {
  conversionRate: number;
  matrix: TransitionMatrix;
  /** Channels by removal effect, largest first; weight is the share of credit it gets. */
  channels: { channel: string; removalEffect: number; weight: number }[];
  otherChannels: number;
};

export type TShapleyEvidence = TFitFacts & {
  /** Channels by Shapley value (in conversions), largest first. */
  channels: { channel: string; value: number; weight: number }[];
};

export type TDataDrivenEvidence = { markov: TMarkovEvidence | null; shapley: TShapleyEvidence | null };

const byDescending = <T>(value: (item: T) => number) => (a: T & { channel: string }, b: T & { channel: string }) => value(b) - value(a) || a.channel.localeCompare(b.channel);

export async function dataDrivenEvidence(workspaceId: string): Promise<TDataDrivenEvidence> {
  const evidence: TDataDrivenEvidence = { markov: null, shapley: null };
  for (const stored of await storedFits(workspaceId)) {
    const facts: TFitFacts = { fittedAt: stored.fittedAt, journeys: stored.paths, conversions: stored.conversions, windowDays: stored.windowDays };
    if (stored.model === "markov") {
      const fit = stored.fit as MarkovFit;
      evidence.markov = {
        ...facts,
        conversionRate: fit.conversionRate,
        matrix: transitionMatrix(fit),
        channels: Object.entries(fit.removalEffects)
          .map(([channel, removalEffect]) => ({ channel, removalEffect, weight: fit.weights[channel] ?? 0 }))
          .sort(byDescending((c) => c.removalEffect)),
        otherChannels: fit.otherChannels,
      };
    } else if (stored.model === "shapley") {
      const fit = stored.fit as ShapleyFit;
      evidence.shapley = {
        ...facts,
        channels: Object.entries(fit.values)
          .map(([channel, value]) => ({ channel, value, weight: fit.weights[channel] ?? 0 }))
          .sort(byDescending((c) => c.value)),
      };
    }
  }
  return evidence;
}
