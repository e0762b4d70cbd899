// Where a template may show: a glob over the page's path and query ("/products/*"), compared
// case-sensitively as browsers keep paths. A pattern starting with a scheme ("https://shop.example.com/*")
// is compared with the whole URL instead, for stores on several domains.

/** The part of `pageUrl` a pattern is compared with. */
function subjectOf(pattern: string, pageUrl: URL): string {
  return /^https?:\/\//i.test(pattern) ? pageUrl.href : pageUrl.pathname + pageUrl.search;
}

/** Whether `pattern` matches the page: * is any run of characters (none included), everything else is literal. */
export function urlPatternMatches(pattern: string, pageUrl: string | URL): boolean {
  const url = typeof pageUrl === "string" ? (URL.canParse(pageUrl) ? new URL(pageUrl) : null) : pageUrl;
  if (!url) return false;
  const subject = subjectOf(pattern, url);
  // Iterative glob match with one backtrack point: linear in practice, no regular expression built from input.
  let p = 0, s = 0, star = -1, mark = 0;
  while (s < subject.length) {
    if (p < pattern.length && pattern[p] !== "*" && pattern[p] === subject[s]) {
      p++;
      s++;
    } else if (p < pattern.length && pattern[p] === "*") {
      star = p++;
      mark = s;
    } else if (star >= 0) {
      p = star + 1;
      s = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === "*") p++;
  return p === pattern.length;
}
