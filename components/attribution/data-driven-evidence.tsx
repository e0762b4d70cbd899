import type { TDataDrivenEvidence } from "@/lib/attribution/evidence";
import { MARKOV_CONVERSION, MARKOV_NULL, MARKOV_START } from "@/lib/attribution/models";
import { ROW_HEAD, ScrollTable, TD, TH } from "./scroll-table";

// The data-driven models' reasoning: the Markov chain's transition probabilities and each
// channel's removal effect, and each channel's Shapley value, with when and on what they were fitted.

const count = (n: number, noun: string) => `${n.toLocaleString("en-US")} ${noun}${n === 1 ? "" : "s"}`;
const pct = (value: number) => `${(value * 100).toFixed(1)}%`;
const STATE_LABELS: Record<string, string> = { [MARKOV_START]: "Start", [MARKOV_CONVERSION]: "Conversion", [MARKOV_NULL]: "No conversion" };
// The chain's own states are written apart from channels (a channel could be called "start").
const stateLabel = (state: string, index: number, count: number, side: "from" | "to") =>
  (side === "from" ? index === 0 : index >= count - 2) ? (STATE_LABELS[state] ?? state) : state;

function FitFacts({ fit }: { fit: { fittedAt: Date; journeys: number; conversions: number; windowDays: number } }) {
  return (
    <p className="text-sm text-slate-600">
      Fitted <time dateTime={fit.fittedAt.toISOString()}>{fit.fittedAt.toISOString().slice(0, 16).replace("T", " ")} UTC</time> on{" "}
      {count(fit.journeys, "journey")} ({fit.conversions.toLocaleString("en-US")} converting) of the last {fit.windowDays} days.
    </p>
  );
}

export function DataDrivenEvidence({ evidence }: { evidence: TDataDrivenEvidence }) {
  const { markov, shapley } = evidence;
  if (!markov && !shapley) {
    return (
      <p className="text-sm text-slate-600" data-testid="markov-unfitted">
        The data-driven models are not fitted yet: they are fitted nightly on the last 90 days of journeys, once at least one order has matched to a visitor.
      </p>
    );
  }
  return (
    <div className="space-y-6">
      {markov ? (
        <section className="space-y-3" aria-labelledby="markov-heading" data-testid="markov-section">
          <h2 id="markov-heading" className="text-base font-semibold text-slate-900">Markov chain</h2>
          <FitFacts fit={markov} />
          <p className="text-sm text-slate-600">
            The chain converts {pct(markov.conversionRate)} of journeys from start. A channel&apos;s removal effect is the share of conversions lost if it were taken
            out of every journey; its credit is its removal effect over the sum of all of them.
            {markov.otherChannels > 0 ? ` ${markov.otherChannels} rarely seen channels share one state, "(other channels)".` : ""}
          </p>
          <ScrollTable label="Removal effects" testId="removal-effects">
            <thead className="bg-slate-50">
              <tr>
                <th scope="col" className={TH}>Channel</th>
                <th scope="col" className={`${TH} text-right`}>Removal effect</th>
                <th scope="col" className={`${TH} text-right`}>Share of credit</th>
              </tr>
            </thead>
            <tbody>
              {markov.channels.map((c) => (
                <tr key={c.channel} className="border-t border-slate-100">
                  <th scope="row" className={ROW_HEAD}>{c.channel}</th>
                  <td className={TD}>{pct(c.removalEffect)}</td>
                  <td className={TD}>{pct(c.weight)}</td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
          <h3 className="text-sm font-semibold text-slate-900">Transition matrix</h3>
          <p className="text-xs text-slate-500">Each row is where a visitor goes next from that state: the probabilities of a row sum to 100%.</p>
          <ScrollTable label="Transition matrix" testId="transition-matrix">
            <thead className="bg-slate-50">
              <tr>
                <th scope="col" className={TH}>From \ to</th>
                {markov.matrix.to.map((state, j) => (
                  <th key={state} scope="col" className={`${TH} text-right`}>{stateLabel(state, j, markov.matrix.to.length, "to")}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {markov.matrix.from.map((state, i) => (
                <tr key={state} className="border-t border-slate-100">
                  <th scope="row" className={ROW_HEAD}>{stateLabel(state, i, markov.matrix.from.length, "from")}</th>
                  {markov.matrix.probabilities[i]!.map((p, j) => (
                    <td key={markov.matrix.to[j]} className={`${TD} ${p === 0 ? "text-slate-300" : ""}`}>{p === 0 ? "·" : pct(p)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </ScrollTable>
        </section>
      ) : null}
      {shapley ? (
        <section className="space-y-3" aria-labelledby="shapley-heading" data-testid="shapley-section">
          <h2 id="shapley-heading" className="text-base font-semibold text-slate-900">Shapley values</h2>
          <FitFacts fit={shapley} />
          <p className="text-sm text-slate-600">Each converting journey&apos;s conversion is shared equally among the distinct channels in it; a channel&apos;s value is its total, in conversions.</p>
          <ScrollTable label="Shapley values" testId="shapley-values">
            <thead className="bg-slate-50">
              <tr>
                <th scope="col" className={TH}>Channel</th>
                <th scope="col" className={`${TH} text-right`}>Conversions</th>
                <th scope="col" className={`${TH} text-right`}>Share of credit</th>
              </tr>
            </thead>
            <tbody>
              {shapley.channels.map((c) => (
                <tr key={c.channel} className="border-t border-slate-100">
                  <th scope="row" className={ROW_HEAD}>{c.channel}</th>
                  <td className={TD}>{c.value.toLocaleString("en-US", { maximumFractionDigits: 2 })}</td>
                  <td className={TD}>{pct(c.weight)}</td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
        </section>
      ) : null}
    </div>
  );
}
