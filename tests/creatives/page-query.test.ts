import { describe, expect, it } from "vitest";
import { creativeQueryString, creativeSearchParams, displayableThumbnail, sortAfterClick } from "@/lib/creatives/page-query";
import { parseCreativeQuery, type TCreativeQuery } from "@/lib/creatives/schema";

const RANGE = { date_from: "2026-03-01", date_to: "2026-03-30" };
const query = (changes: Partial<TCreativeQuery> = {}): TCreativeQuery => ({
  ...RANGE, platform: [], campaign: [], sort: "spend", direction: "desc", format: "json", ...changes,
});

describe("the creative page's query", () => {
  it("defaults the range, keeps the first of repeated values and drops blank filters", () => {
    const params = creativeSearchParams({ platform: "", campaign: ["c2", "c9"], sort: "roas", date_to: "2026-03-05", unused: undefined }, RANGE);
    expect(Object.fromEntries(params)).toEqual({ campaign: "c2", sort: "roas", date_to: "2026-03-05", date_from: "2026-03-01" });
    // What it builds is what the API reads, refusals included.
    expect(parseCreativeQuery(params)).toMatchObject({ campaign: ["c2"], sort: "roas", date_from: "2026-03-01", date_to: "2026-03-05", platform: [] });
    expect(() => parseCreativeQuery(creativeSearchParams({ colour: "red" }, RANGE))).toThrow(/colour/);
  });

  it("writes a query back with defaults left out, and reads back the same", () => {
    expect(creativeQueryString(query())).toBe("date_from=2026-03-01&date_to=2026-03-30");
    const filtered = query({ platform: ["meta_ads"], campaign: ["c1", "Brand"], sort: "name", direction: "asc" });
    const written = creativeQueryString(filtered, { format: "csv" });
    expect(written).toBe("date_from=2026-03-01&date_to=2026-03-30&platform=meta_ads&campaign=c1%2CBrand&sort=name&direction=asc&format=csv");
    expect(parseCreativeQuery(new URLSearchParams(written))).toEqual({ ...filtered, format: "csv" });
  });

  it("turns the current sort around and starts another column from its useful end", () => {
    expect(sortAfterClick(query(), "spend")).toEqual({ sort: "spend", direction: "asc" });
    expect(sortAfterClick(query({ direction: "asc" }), "spend")).toEqual({ sort: "spend", direction: "desc" });
    expect(sortAfterClick(query(), "roas")).toEqual({ sort: "roas", direction: "desc" });
    expect(sortAfterClick(query(), "name")).toEqual({ sort: "name", direction: "asc" });
  });

  it("loads only https and inline image thumbnails", () => {
    expect(displayableThumbnail("https://cdn.example/a.jpg")).toBe("https://cdn.example/a.jpg");
    expect(displayableThumbnail("data:image/svg+xml;base64,PHN2Zy8+")).toBe("data:image/svg+xml;base64,PHN2Zy8+");
    expect(displayableThumbnail("http://cdn.example/a.jpg")).toBeNull();
    expect(displayableThumbnail("javascript:alert(1)")).toBeNull();
    expect(displayableThumbnail("data:text/html,<script>")).toBeNull();
    expect(displayableThumbnail(null)).toBeNull();
  });
});
