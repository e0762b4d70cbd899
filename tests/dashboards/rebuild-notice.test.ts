import { describe, expect, it } from "vitest";
import { latestRebuild, rebuildMessage } from "@/components/dashboard/rebuild-notice";
import { FAILED_REBUILD_WARNING } from "@/lib/metrics/report/rebuild-notes";

const report = (updatedAt: number, rebuilding: boolean, days_done = 0, days_total = 0, warnings: string[] = []) => ({
  updatedAt,
  data: { rebuilding, rebuild_progress: rebuilding ? { days_done, days_total } : null, warnings },
});

describe("the dashboard's rebuild notice", () => {
  it("follows the most recently read report, so it disappears once a widget sees the rebuild done", () => {
    expect(latestRebuild([])).toBe("");
    expect(latestRebuild([report(1, false), { updatedAt: 5, data: undefined }])).toBe("");
    expect(latestRebuild([report(1, true, 31, 330), report(2, true, 62, 330)])).toBe("62/330");
    expect(latestRebuild([report(1, true, 31, 330), report(3, false), report(2, true, 62, 330)])).toBe("");
  });

  it("stays up, saying so, when the last rebuild failed", () => {
    const state = latestRebuild([report(1, true, 31, 330), report(2, false, 0, 0, ["Some other note.", FAILED_REBUILD_WARNING])]);
    expect(state).toBe("failed");
    expect(rebuildMessage(state)).toEqual({ text: FAILED_REBUILD_WARNING, percent: null });
  });

  it("says what is happening and how far it has come", () => {
    const { text, percent } = rebuildMessage("62/330");
    expect(text).toContain("62 of 330 days done (18%)");
    expect(text).toContain("old settings");
    expect(percent).toBe(18);
    // Queued and not yet measured: the notice shows, without a progress bar.
    expect(rebuildMessage("0/0")).toMatchObject({ percent: null });
    expect(rebuildMessage("0/0").text).toContain("Recalculating past numbers");
  });
});
