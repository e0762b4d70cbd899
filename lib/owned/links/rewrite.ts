import { Tokenizer, type TokenizerCallbacks } from "htmlparser2";

// Finding the links of a message to rewrite. HTML is read by htmlparser2's tokenizer, which
// takes any markup (unclosed tags, stray quotes) without failing and reports where each
// attribute's value sits, so the message is rewritten by splicing those spans and every other
// byte stays as it was. SMS and other text messages: each http(s) URL in the text.
//
// Rewritten: absolute http(s) URLs in an <a> or <area> href. Left as they are: anchors (#top),
// mailto:, tel:, sms: and any other scheme, relative URLs, and URLs holding a template
// placeholder ({{ }}, {% %}, *| |*, %% %%, [[ ]]): the sending platform fills those in per
// recipient after this, so there is no single URL to record. A link whose URL or text says
// "unsubscribe" (or opt out) is marked as the unsubscribe link: following it records an
// unsubscribe for the send.

export type TFoundLink = {
  /** Offsets in the message of the value to replace (without its quotes). */
  start: number;
  end: number;
  url: string;
  purpose: "link" | "unsubscribe";
};

const PLACEHOLDER = /\{\{|\{%|\*\||%%|\[\[/;
const UNSUBSCRIBE = /unsubscribe|opt[-_ ]?out|abmelden|désinscri|desinscri|配信停止/i;
const LINK_TAGS = new Set(["a", "area"]);

const ENTITIES: Record<string, string> = { amp: "&", quot: '"', apos: "'", lt: "<", gt: ">", nbsp: "\u00a0" };

/** Decodes the character references a URL in an attribute can hold. */
export function decodeAttribute(raw: string): string {
  return raw.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);?/gi, (whole, ref: string) => {
    if (ref[0] === "#") {
      const code = ref[1] === "x" || ref[1] === "X" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

/** The URL a tracked link may lead to, or null when the href is left alone. */
export function trackableUrl(href: string): string | null {
  const url = href.trim();
  if (!/^https?:\/\//i.test(url) || PLACEHOLDER.test(url) || !URL.canParse(url)) return null;
  return url;
}

export function findHtmlLinks(html: string): TFoundLink[] {
  const found: TFoundLink[] = [];
  let tag = "";
  let attr = "";
  let valueStart = -1;
  let valueEnd = -1;
  let open: (TFoundLink & { text: string }) | null = null;
  let pendingHref: { start: number; end: number } | null = null;
  const finishAnchor = () => {
    if (!open) return;
    if (UNSUBSCRIBE.test(open.text)) open.purpose = "unsubscribe";
    found.push({ start: open.start, end: open.end, url: open.url, purpose: open.purpose });
    open = null;
  };
  const callbacks: TokenizerCallbacks = {
    onopentagname(start, end) {
      tag = html.slice(start, end).toLowerCase();
      pendingHref = null;
    },
    onattribname(start, end) {
      attr = html.slice(start, end).toLowerCase();
      valueStart = -1;
      valueEnd = -1;
    },
    onattribdata(start, end) {
      if (valueStart < 0) valueStart = start;
      valueEnd = end;
    },
    onattribentity() {},
    onattribend() {
      // A repeated href: browsers take the first.
      if (LINK_TAGS.has(tag) && attr === "href" && valueStart >= 0 && !pendingHref) pendingHref = { start: valueStart, end: valueEnd };
    },
    onopentagend() {
      if (!LINK_TAGS.has(tag)) return;
      if (tag === "a") finishAnchor();
      const href = pendingHref;
      pendingHref = null;
      const url = href ? trackableUrl(decodeAttribute(html.slice(href.start, href.end))) : null;
      if (!href || !url) return;
      const link = { start: href.start, end: href.end, url, purpose: UNSUBSCRIBE.test(url) ? ("unsubscribe" as const) : ("link" as const), text: "" };
      if (tag === "a") open = link;
      else found.push({ start: link.start, end: link.end, url: link.url, purpose: link.purpose });
    },
    onselfclosingtag() {
      this.onopentagend(0);
      if (tag === "a") finishAnchor();
    },
    onclosetag(start, end) {
      if (html.slice(start, end).toLowerCase() === "a") finishAnchor();
    },
    ontext(start, end) {
      if (open) open.text += html.slice(start, end);
    },
    ontextentity() {},
    oncdata() {},
    oncomment() {},
    ondeclaration() {},
    onprocessinginstruction() {},
    onend() {
      finishAnchor();
    },
  };
  const tokenizer = new Tokenizer({ decodeEntities: false }, callbacks);
  tokenizer.write(html);
  tokenizer.end();
  return found.sort((a, b) => a.start - b.start);
}

// A URL in running text ends at whitespace or a character that cannot end one; trailing
// punctuation belongs to the sentence.
const TEXT_URL = /https?:\/\/[^\s<>"'`]+/gi;

export function findTextLinks(text: string): TFoundLink[] {
  const found: TFoundLink[] = [];
  for (const match of text.matchAll(TEXT_URL)) {
    let raw = match[0];
    while (/[.,;:!?)\]}]$/.test(raw) && !(raw.endsWith(")") && raw.includes("("))) raw = raw.slice(0, -1);
    const url = trackableUrl(raw);
    if (!url) continue;
    found.push({ start: match.index, end: match.index + raw.length, url, purpose: UNSUBSCRIBE.test(url) ? "unsubscribe" : "link" });
  }
  return found;
}

/** The message with each found link's span replaced by `replacement(index)`. */
export function spliceLinks(message: string, links: readonly TFoundLink[], replacement: (index: number) => string): string {
  let out = "";
  let at = 0;
  links.forEach((link, index) => {
    out += message.slice(at, link.start) + replacement(index);
    at = link.end;
  });
  return out + message.slice(at);
}

/** The HTML with an invisible 1x1 image before its last </body>, or at its end without one. */
export function withOpenPixel(html: string, pixelUrl: string): string {
  const img = `<img src="${pixelUrl}" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0;margin:0;padding:0" />`;
  const close = html.toLowerCase().lastIndexOf("</body");
  return close < 0 ? html + img : html.slice(0, close) + img + html.slice(close);
}
