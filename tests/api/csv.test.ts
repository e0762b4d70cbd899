import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { csvCell, reportCsv, toCsv } from "@/lib/api/csv";
import type { TReport } from "@/lib/metrics/report/types";

const parse = (text: string) => Papa.parse<string[]>(text, { skipEmptyLines: true }).data;

function report(overrides: Partial<TReport> = {}): TReport {
  return {
    currency: "USD",
    time_zone: "America/New_York",
    range: { date_from: "2026-01-01", date_to: "2026-01-31" },
    compare: "none",
    period: "custom",
    compare_range: null,
    group_by: "campaign",
    then_by: null,
    metrics: [
      { id: "ad_spend", label: "Ad spend", format: "money", description: "" },
      { id: "ad_clicks_dummy", label: "Clicks", format: "count", description: "" },
      { id: "roas", label: "ROAS", format: "ratio", description: "" },
    ],
    rows: [
      { key: "c1", label: "=HYPERLINK(\"http://evil.test\",\"click\")", values: { ad_spend: "-12.50", ad_clicks_dummy: 7, roas: null } },
      { key: "c2", label: "Spring, \"big\" sale\nline two", values: { ad_spend: "1234.5678", ad_clicks_dummy: 0, roas: "2.25" } },
      { key: "c3", label: "+1 offer", values: { ad_spend: "0.00", ad_clicks_dummy: -3, roas: "0.50" } },
    ],
    totals: { ad_spend: "1222.0678", ad_clicks_dummy: 4, roas: "2.25" },
    compare_totals: null,
    freshness: { last_synced_at: null, restatable_from: null },
    rebuilding: false,
    rebuild_progress: null,
    warnings: [],
    ...overrides,
  };
}

describe("csvCell", () => {
  it("quotes what RFC 4180 requires and doubles quotes", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\r\nlines")).toBe('"two\r\nlines"');
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
  });

  it("neutralises cells a spreadsheet would run, but leaves numbers alone", () => {
    expect(csvCell("=1+1")).toBe("'=1+1");
    expect(csvCell("+33 6")).toBe("'+33 6");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("-cmd")).toBe("'-cmd");
    expect(csvCell("\tx")).toBe("'\tx");
    expect(csvCell("-12.50")).toBe("-12.50");
    expect(csvCell(-3)).toBe("-3");
  });
});

describe("reportCsv", () => {
  it("parses back to the report's values, with a header and a Total line", () => {
    const r = report();
    const table = parse(reportCsv(r));
    expect(table[0]).toEqual(["campaign", "ad_spend", "ad_clicks_dummy", "roas"]);
    expect(table).toHaveLength(r.rows.length + 2);
    const ids = r.metrics.map((m) => m.id);
    const asText = (v: string | number | null | undefined) => (v === null || v === undefined ? "" : String(v));
    // Numbers, decimals and n/a read back exactly as the JSON has them.
    r.rows.forEach((row, i) => expect(table[i + 1]!.slice(1)).toEqual(ids.map((id) => asText(row.values[id]))));
    expect(table.at(-1)).toEqual(["Total", "1222.0678", "4", "2.25"]);
  });

  it("keeps a hostile campaign name as text", () => {
    const table = parse(reportCsv(report()));
    expect(table[1]![0]).toBe("'=HYPERLINK(\"http://evil.test\",\"click\")");
    expect(table[2]![0]).toBe('Spring, "big" sale\nline two');
    expect(table[3]![0]).toBe("'+1 offer");
    for (const row of table) for (const cell of row) expect(cell).not.toMatch(/^[=+@]/);
  });

  it("adds one compare column per metric when the report compares", () => {
    const r = report({
      compare: "previous_period",
      compare_range: { date_from: "2025-12-01", date_to: "2025-12-31", until: null, label: "1–31 Dec 2025" },
      group_by: null,
      rows: [],
      compare_totals: { ad_spend: "10.00", ad_clicks_dummy: 1, roas: null },
    });
    expect(parse(reportCsv(r))).toEqual([
      ["range", "ad_spend", "ad_clicks_dummy", "roas", "ad_spend (compare)", "ad_clicks_dummy (compare)", "roas (compare)"],
      ["Total", "1222.0678", "4", "2.25", "10.00", "1", ""],
    ]);
  });

  it("ends every line with CRLF", () => {
    expect(toCsv([["a", 1], ["b", null]])).toBe("a,1\r\nb,\r\n");
  });
});
