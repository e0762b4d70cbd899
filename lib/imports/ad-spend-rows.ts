import type { CsvRecord } from "./csv";
import { campaignKey } from "./platform";
import { ZAdSpendImportRowSchema, type TAdSpendImportRow } from "./schema";
import { rowCandidatesFromCsv, validateCandidates, type Candidate, type RowRules } from "./validate";

const AD_SPEND_RULES: RowRules<TAdSpendImportRow> = {
  key: (row) => [row.date, row.platform, campaignKey(row.campaign)].join("\u0000"),
  keyPath: ["campaign"],
  duplicateMessage: (other) => `Row ${other} has the same date, platform and campaign; send each campaign's day once.`,
};

export function adSpendCandidatesFromCsv(records: CsvRecord[]): Candidate[] {
  return rowCandidatesFromCsv(records, "date");
}

export function validateAdSpend(candidates: Candidate[]) {
  return validateCandidates(candidates, ZAdSpendImportRowSchema, AD_SPEND_RULES);
}
