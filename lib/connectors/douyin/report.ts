import type { DouyinClient } from "./client";
import { readStatRow, totalOf, type DouplusIssueInput, type DouplusStatRow } from "./transform";

// Reading a report window page by page. page_info is trusted only as far as the rows go: a page
// shorter than asked ends the read whatever total_number claims, and a disagreement is an issue.

export const REPORT_PAGE_SIZE = 500;
const MAX_PAGES = 2_000;

export type ReportRead = { rows: DouplusStatRow[]; issues: DouplusIssueInput[] };

export async function readReportWindow(
  client: DouyinClient,
  input: { secUid: string; beginTime: string; endTime: string; pulledAt: Date; pageSize?: number },
): Promise<ReportRead> {
  const pageSize = input.pageSize ?? REPORT_PAGE_SIZE;
  const rows: DouplusStatRow[] = [];
  const issues: DouplusIssueInput[] = [];
  let seen = 0;
  let claimed: number | null = null;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const answer = await client.reportPage({ secUid: input.secUid, beginTime: input.beginTime, endTime: input.endTime, page, pageSize });
    claimed = totalOf(answer.pageInfo) ?? claimed;
    answer.rows.forEach((value, i) => {
      const read = readStatRow(value, seen + i, input.pulledAt);
      if ("row" in read) rows.push(read.row);
      else issues.push(read.issue);
    });
    seen += answer.rows.length;
    // An answer without page_info is one page (the seed's example has none).
    if (!answer.pageInfo || answer.rows.length < pageSize) break;
  }
  if (claimed !== null && claimed !== seen) {
    issues.push({
      kind: "page_info_mismatch",
      subject: `report:${input.beginTime}..${input.endTime}`,
      detail: `The report claimed ${claimed} rows for ${input.beginTime} to ${input.endTime} but its pages held ${seen}.`,
      raw: null,
    });
  }
  return { rows, issues };
}
