import { describe, expect, it } from "vitest";
import { findHtmlLinks, findTextLinks, spliceLinks, withOpenPixel } from "./rewrite";

const rewrite = (html: string) => spliceLinks(html, findHtmlLinks(html), (i) => `https://t.example/l/T${i}`);

describe("finding and rewriting a message's links", () => {
  it("rewrites http(s) links, keeping their query strings and fragments in the recorded URL, and every other byte", () => {
    const html = `<p>Hi <a class="x" href="https://shop.example/sale?c=1&amp;d=2#top">Sale</a> and <A HREF='http://shop.example/b'>B</A></p>`;
    const links = findHtmlLinks(html);
    expect(links.map((l) => l.url)).toEqual(["https://shop.example/sale?c=1&d=2#top", "http://shop.example/b"]);
    expect(rewrite(html)).toBe(`<p>Hi <a class="x" href="https://t.example/l/T0">Sale</a> and <A HREF='https://t.example/l/T1'>B</A></p>`);
  });

  it("leaves anchors, mailto:, tel:, sms:, relative links and template placeholders untouched", () => {
    const html = [
      `<a href="#section">jump</a>`,
      `<a href="mailto:help@shop.example?subject=Hi">mail</a>`,
      `<a href="tel:+14155550123">call</a>`,
      `<a href="sms:+14155550123">text</a>`,
      `<a href="/relative">rel</a>`,
      `<a href="{{ unsubscribe_url }}">Unsubscribe</a>`,
      `<a href="https://shop.example/?e={{ email }}">personal</a>`,
      `<a href="*|UNSUB|*">MC</a>`,
      `<a name="no-href">none</a>`,
    ].join("");
    expect(findHtmlLinks(html)).toEqual([]);
    expect(rewrite(html)).toBe(html);
  });

  it("marks the unsubscribe link by its URL or its text", () => {
    const html = `<a href="https://shop.example/prefs?u=1">Unsubscribe</a><a href="https://shop.example/unsubscribe">here</a><a href="https://shop.example/">Shop</a>`;
    expect(findHtmlLinks(html).map((l) => l.purpose)).toEqual(["unsubscribe", "unsubscribe", "link"]);
  });

  it("reads broken HTML without failing: unclosed tags, stray quotes, a link in an unclosed anchor", () => {
    const html = `<div><p>Broken <a href="https://shop.example/one">one <b>bold<a href=https://shop.example/two>two</div><img src="x.png" alt="a"b">`;
    expect(findHtmlLinks(html).map((l) => l.url)).toEqual(["https://shop.example/one", "https://shop.example/two"]);
    expect(rewrite(html)).toBe(`<div><p>Broken <a href="https://t.example/l/T0">one <b>bold<a href=https://t.example/l/T1>two</div><img src="x.png" alt="a"b">`);
    expect(findHtmlLinks(`<a href="https://shop.example/never-closed`)).toEqual([]);
    expect(findHtmlLinks("")).toEqual([]);
  });

  it("finds URLs in SMS text without the sentence's punctuation", () => {
    const text = "Sale! https://shop.example/s?x=1. Reply STOP, or see (https://shop.example/p). tel:+1 mailto:a@b.c";
    const links = findTextLinks(text);
    expect(links.map((l) => l.url)).toEqual(["https://shop.example/s?x=1", "https://shop.example/p"]);
    expect(spliceLinks(text, links, (i) => `https://t.example/l/T${i}`)).toBe(
      "Sale! https://t.example/l/T0. Reply STOP, or see (https://t.example/l/T1). tel:+1 mailto:a@b.c",
    );
  });

  it("puts the pixel before </body>, or at the end without one", () => {
    expect(withOpenPixel("<html><body><p>x</p></body></html>", "https://t.example/o/P")).toMatch(/<p>x<\/p><img src="https:\/\/t.example\/o\/P" width="1" height="1" alt=""[^>]*\/><\/body><\/html>$/);
    expect(withOpenPixel("<p>x</p>", "https://t.example/o/P")).toMatch(/^<p>x<\/p><img src="https:\/\/t.example\/o\/P"/);
  });
});
