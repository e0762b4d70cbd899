import { normalisePhone } from "@/lib/phone/normalise";
import type { CsvRecord } from "./csv";
import type { OrderValidationOptions } from "./order-rows";
import { ZOwnedSendImportRowSchema, type TImportError, type TOwnedSendImportRow } from "./schema";
import { rowCandidatesFromCsv, validateCandidates, type Candidate, type Checked, type RowRules, type Validation } from "./validate";

// Owned-channel sends, one row per recipient. A file also defines the campaigns, flows and
// messages its rows name (by the sender's own ids), so every row of one campaign must agree on
// its channel, kind and name, and every row of one message on its name and subject.

/** A validated send, its phone (if any) in E.164. */
export type TOwnedSendImport = TOwnedSendImportRow & { phoneE164: string | null };

const RULES: RowRules<TOwnedSendImportRow> = {
  key: (row) => row.send_id,
  keyPath: ["send_id"],
  duplicateMessage: (other) => `Row ${other} has the same send_id; send each send once per file.`,
};

export function ownedSendCandidatesFromCsv(records: CsvRecord[]): Candidate[] {
  return rowCandidatesFromCsv(records, "send_id");
}

type TFirst = { row: number; value: string };

/** The first row's value of each key wins; a later row that disagrees is an error on `field`. */
class Agreement {
  private readonly first = new Map<string, TFirst>();

  check(key: string, row: number, value: string, describe: (first: TFirst) => string): string | null {
    const seen = this.first.get(key);
    if (!seen) {
      this.first.set(key, { row, value });
      return null;
    }
    return seen.value === value ? null : describe(seen);
  }
}

export function validateOwnedSends(candidates: Candidate[], options: OrderValidationOptions = { defaultRegion: null }): Validation<TOwnedSendImport> {
  const checked = validateCandidates(candidates, ZOwnedSendImportRowSchema, RULES);
  const errors: TImportError[] = [...checked.errors];
  const channels = new Agreement();
  const kinds = new Agreement();
  const names = new Agreement();
  const templateNames = new Agreement();
  const subjects = new Agreement();
  const valid: Checked<TOwnedSendImport>[] = [];
  for (const { candidate, value } of checked.valid) {
    const row = candidate.rows[0]!;
    const own: TImportError[] = [];
    const fail = (field: string, message: string | null) => {
      if (message) own.push({ row, field, message });
    };
    let phoneE164: string | null = null;
    if (value.phone) {
      const phone = normalisePhone(value.phone, options.defaultRegion);
      if (phone.ok) phoneE164 = phone.e164;
      else fail("phone", phone.message);
    }
    const campaign = value.campaign;
    fail("channel", channels.check(campaign, row, value.channel, (f) => `Row ${f.row} puts the campaign "${campaign}" on ${f.value}; a campaign stays on one channel.`));
    fail("campaign_kind", kinds.check(campaign, row, value.campaign_kind ?? "campaign", (f) => `Row ${f.row} makes "${campaign}" a ${f.value}; give every row of a campaign the same kind.`));
    fail("campaign_name", names.check(campaign, row, value.campaign_name ?? campaign, (f) => `Row ${f.row} names the campaign "${campaign}" "${f.value}"; give every row of a campaign the same name.`));
    const template = `${campaign}\u0000${value.template}`;
    fail("template_name", templateNames.check(template, row, value.template_name ?? value.template, (f) => `Row ${f.row} names this message "${f.value}"; give every row of a message the same name.`));
    fail("subject", subjects.check(template, row, value.subject ?? "", (f) => `Row ${f.row} gives this message the subject "${f.value}"; give every row of a message the same subject.`));
    if (own.length > 0) errors.push(...own);
    else valid.push({ candidate, value: { ...value, phoneE164 } });
  }
  errors.sort((a, b) => a.row - b.row);
  return { valid, errors, rowsTotal: checked.rowsTotal, rowsValid: valid.length };
}
