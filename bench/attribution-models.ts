// The attribution models' own speed, without a database: seeded journeys of 1 to 6 touches over
// 8 channels and up to 28 days, every order credited under all eight models and its revenue
// apportioned, and the data-driven fits over all the journeys. Prints `name value` lines:
// `rule_orders_per_s` (orders through the six rule models), `markov_fit_ms`, `shapley_fit_ms`,
// `all_models_ms` (every order under all eight models, revenue apportioned each time) and its
// `all_models_cpu_ms` (steadier than the wall clock on a busy machine).
// Usage: npm run bench:attribution-models -- [--orders=100000] [--seed=7]
import { pathToFileURL } from "node:url";
import {
  apportionMinor,
  DEFAULT_MODEL_SETTINGS,
  fitMarkov,
  fitShapley,
  markovCredits,
  RULE_MODELS,
  ruleCredits,
  shapleyCredits,
  type Path,
  type Touch,
} from "../lib/attribution/models";
import { numberOption } from "./stats";

const CHANNELS = ["facebook", "tiktok", "google", "bing", "email", "organic", "referral", "direct"];
const PAID = new Set(["facebook", "tiktok", "google", "bing"]);
const DAY_MS = 86_400_000;

type Order = { at: Date; touches: Touch[]; revenueMinor: bigint };

function journeys(orders: number, seed: number): Order[] {
  let state = seed;
  const next = () => (state = (state * 48271) % 2147483647) / 2147483647;
  const start = Date.UTC(2026, 0, 1);
  return Array.from({ length: orders }, () => {
    const at = start + Math.floor(next() * 90 * DAY_MS);
    const count = 1 + Math.floor(next() * 6);
    const offsets = Array.from({ length: count }, () => Math.floor(next() * 28 * DAY_MS)).sort((a, b) => b - a);
    const touches = offsets.map((offset) => {
      const channel = CHANNELS[Math.floor(next() * CHANNELS.length)]!;
      return { at: new Date(at - offset), channel, direct: channel === "direct", paid: PAID.has(channel) };
    });
    return { at: new Date(at), touches, revenueMinor: BigInt(500 + Math.floor(next() * 20_000)) };
  });
}

export function benchAttributionModels(orderCount: number, seed: number) {
  const orders = journeys(orderCount, seed);
  // A third as many journeys again that did not convert, as the fits see them.
  const paths: Path[] = orders.map((order) => ({ channels: order.touches.map((t) => t.channel), converted: true, count: 1 }));
  for (let i = 0; i < orderCount / 3; i++) paths.push({ ...paths[i]!, channels: paths[i]!.channels.slice(1), converted: false });

  let started = performance.now();
  let checksum = 0;
  for (const order of orders) {
    for (const model of RULE_MODELS) checksum += ruleCredits(model, order.touches, order.at, DEFAULT_MODEL_SETTINGS)[0]!;
  }
  const ruleSeconds = (performance.now() - started) / 1000;

  started = performance.now();
  const markov = fitMarkov(paths);
  const markovFitMs = performance.now() - started;
  started = performance.now();
  const shapley = fitShapley(paths);
  const shapleyFitMs = performance.now() - started;

  started = performance.now();
  const cpuBefore = process.cpuUsage();
  let apportioned = 0n;
  for (const order of orders) {
    const all = [
      ...RULE_MODELS.map((model) => ruleCredits(model, order.touches, order.at, DEFAULT_MODEL_SETTINGS)),
      markovCredits(markov, order.touches),
      shapleyCredits(shapley, order.touches),
    ];
    for (const credits of all) for (const part of apportionMinor(order.revenueMinor, credits)) apportioned += part;
  }
  const allModelsMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const allModelsCpuMs = (cpu.user + cpu.system) / 1000;
  if (!Number.isFinite(checksum) || apportioned <= 0n) throw new Error("the models answered nothing");
  return { orders: orderCount, paths: paths.length, ruleOrdersPerSecond: orderCount / ruleSeconds, markovFitMs, shapleyFitMs, allModelsMs, allModelsCpuMs };
}

function main() {
  const result = benchAttributionModels(numberOption("orders", 100_000), numberOption("seed", 7));
  console.log(`orders ${result.orders}`);
  console.log(`fit_paths ${result.paths}`);
  console.log(`rule_orders_per_s ${Math.round(result.ruleOrdersPerSecond)}`);
  console.log(`markov_fit_ms ${result.markovFitMs.toFixed(1)}`);
  console.log(`shapley_fit_ms ${result.shapleyFitMs.toFixed(1)}`);
  console.log(`all_models_ms ${result.allModelsMs.toFixed(0)}`);
  console.log(`all_models_cpu_ms ${result.allModelsCpuMs.toFixed(0)}`);
}

// Run when executed, not when another bench imports it.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
