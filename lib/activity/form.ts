import { AppError } from "@/lib/errors";
import { EVENT_TYPES } from "./settings";

// The settings page's form fields as the API's body: weight_<type> fields, custom weights one
// "name = weight" a line, and the numbers as text. Validation is the body schema's.

const number = (value: string | undefined) => (value === undefined || value.trim() === "" ? Number.NaN : Number(value));

export function parseActivityForm(input: Record<string, string>): unknown {
  const custom: Record<string, number> = {};
  for (const [i, raw] of (input.custom ?? "").split("\n").entries()) {
    const line = raw.trim();
    if (!line) continue;
    const at = line.lastIndexOf("=");
    if (at <= 0) throw AppError.field("custom", `Line ${i + 1}: write "event name = weight".`);
    custom[line.slice(0, at).trim()] = number(line.slice(at + 1));
  }
  return {
    weights: { ...Object.fromEntries(EVENT_TYPES.map((type) => [type, number(input[`weight_${type}`])])), custom },
    half_life_days: number(input.half_life_days),
    level_mode: input.level_mode,
    high_cut: number(input.high_cut),
    medium_cut: number(input.medium_cut),
  };
}

/** Custom weights as the form's text. */
export function customText(custom: Record<string, number>): string {
  return Object.entries(custom).map(([name, weight]) => `${name} = ${weight}`).join("\n");
}
