// Letters that carry their accent inside the letter itself, so Unicode decomposition cannot
// strip it; folded to what people type instead.
const UNDECOMPOSABLE: Record<string, string> = {
  ß: "ss",
  æ: "ae",
  œ: "oe",
  ø: "o",
  ł: "l",
  đ: "d",
  ð: "d",
  þ: "th",
  ı: "i",
  ħ: "h",
  ŧ: "t",
  // Case folding rather than lower-casing: a word-final sigma is the same letter.
  ς: "σ",
};
const UNDECOMPOSABLE_PATTERN = new RegExp(`[${Object.keys(UNDECOMPOSABLE).join("")}]`, "g");

/**
 * The form campaign names are compared in, the same on the UTM side and the ad platform side:
 * compatibility forms unified (full-width letters, ligatures), case folded, accents dropped,
 * every run of anything that is not a letter or digit (spaces, brackets, punctuation, "_")
 * turned into one "_", none at either end. Letters of every script are kept.
 * " (Sale) My_Campaign_2025 | RU " -> "sale_my_campaign_2025_ru".
 */
export function normaliseCampaignName(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(UNDECOMPOSABLE_PATTERN, (letter) => UNDECOMPOSABLE[letter]!)
    .replace(/[^\p{L}\p{N}]+/gu, "_")
    .replace(/^_+|_+$/g, "");
}
