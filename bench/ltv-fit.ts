// Fitting the lifetime-value model at scale: customers simulated from known parameters (CDNOW's
// published estimates, with days as the unit; seeded), then BG/NBD and Gamma-Gamma fitted as the app
// fits a workspace. Only the fit is timed, not the simulation. Prints `name value` lines: the
// customers, `fit_s`, each recovered parameter beside the truth and the largest relative error.
// Usage: npm run bench:ltv-fit -- [--customers=500000] [--seed=42]
import { pathToFileURL } from "node:url";
import { fitLtvModel, type FittedLtvModel } from "../lib/ltv/model";
import { simulateSummaries, type SimulationOptions } from "../lib/ltv/model/simulate";
import { numberOption } from "./stats";

export const TRUE_PARAMETERS = {
  bgnbd: { r: 0.243, alpha: 4.414 * 7, a: 0.793, b: 2.426 },
  gammaGamma: { p: 6.25, q: 3.74, gamma: 15.44 },
};

export interface LtvFitBench {
  customers: number;
  repeatCustomers: number;
  fitSeconds: number;
  model: FittedLtvModel;
  /** Largest |recovered / true - 1| over the seven parameters. */
  maxRelativeError: number;
}

/** Simulates `customers` customers acquired over two years and times fitLtvModel on them. */
export function benchLtvFit(customers: number, seed: number): LtvFitBench {
  const options: SimulationOptions = {
    customers,
    seed,
    ...TRUE_PARAMETERS,
    acquiredFrom: "2024-01-01",
    acquiredTo: "2025-12-31",
    until: "2025-12-31",
  };
  const summaries = simulateSummaries(options);
  const started = performance.now();
  const model = fitLtvModel(summaries, { unitDays: 1 });
  const fitSeconds = (performance.now() - started) / 1000;
  if (model.kind !== "fitted") throw new Error(`the fit said ${model.reason}: ${model.message}`);
  const truth = { ...TRUE_PARAMETERS.bgnbd, ...TRUE_PARAMETERS.gammaGamma };
  const recovered = { ...model.bgnbd, ...model.gammaGamma };
  const errors = (Object.keys(truth) as (keyof typeof truth)[]).map((name) => Math.abs(recovered[name] / truth[name] - 1));
  return { customers, repeatCustomers: model.repeatCustomers, fitSeconds, model, maxRelativeError: Math.max(...errors) };
}

function main() {
  const result = benchLtvFit(numberOption("customers", 500_000), numberOption("seed", 42));
  const { model } = result;
  console.log(`fit_customers ${result.customers}`);
  console.log(`fit_repeat_customers ${result.repeatCustomers}`);
  console.log(`fit_s ${result.fitSeconds.toFixed(2)}`);
  const truth = { ...TRUE_PARAMETERS.bgnbd, ...TRUE_PARAMETERS.gammaGamma };
  const recovered = { ...model.bgnbd, ...model.gammaGamma };
  for (const name of Object.keys(truth) as (keyof typeof truth)[]) {
    console.log(`${name} ${recovered[name].toFixed(4)}`);
    console.log(`${name}_true ${truth[name].toFixed(4)}`);
  }
  console.log(`max_param_error_pct ${(100 * result.maxRelativeError).toFixed(2)}`);
}

// Run when executed, not when another bench imports benchLtvFit.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
