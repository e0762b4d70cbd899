// How RFM segments read on the pages (their rules are in PRODUCT.md and lib/activity/README.md).

const WORDS: Record<string, string> = {
  champions: "Champions",
  loyal: "Loyal",
  promising: "Promising",
  needs_attention: "Needs attention",
  at_risk: "At risk",
  hibernating: "Hibernating",
  lost: "Lost",
  none: "No segment",
};

export const segmentLabel = (segment: string): string => WORDS[segment] ?? segment;
