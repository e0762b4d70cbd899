import { describe, expect, it } from "vitest";
import { normaliseCampaignName } from "./campaign-name";

describe("normaliseCampaignName", () => {
  it("normalises the documented example", () => {
    expect(normaliseCampaignName(" (Sale) My_Campaign_2025 | RU ")).toBe("sale_my_campaign_2025_ru");
  });

  it("gives both sides of a match the same form", () => {
    const utm = "summer-sale_2025";
    const platform = "Summer Sale [2025]";
    expect(normaliseCampaignName(utm)).toBe(normaliseCampaignName(platform));
  });

  it("folds accents, including letters that carry them inside", () => {
    expect(normaliseCampaignName("Été Crème Brûlée")).toBe("ete_creme_brulee");
    expect(normaliseCampaignName("Øresund Łódź Straße")).toBe("oresund_lodz_strasse");
    expect(normaliseCampaignName("STRAẞE")).toBe("strasse");
  });

  it("keeps letters of other scripts and folds case there too", () => {
    expect(normaliseCampaignName("Распродажа — Весна 2025")).toBe("распродажа_весна_2025");
    expect(normaliseCampaignName("ΣΟΦΟΣ")).toBe(normaliseCampaignName("σοφοσ"));
    expect(normaliseCampaignName("夏のセール!!")).toBe("夏のセール");
  });

  it("unifies compatibility forms such as full-width letters and ligatures", () => {
    expect(normaliseCampaignName("ＳＡＬＥ ﬁnal")).toBe("sale_final");
  });

  it("collapses runs of separators, emoji included, and trims them", () => {
    expect(normaliseCampaignName("__a -- b__ 🔥 c__")).toBe("a_b_c");
  });

  it("answers empty for a name with nothing to keep", () => {
    expect(normaliseCampaignName("")).toBe("");
    expect(normaliseCampaignName("  ( | ) _ ")).toBe("");
  });
});
