import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Pager } from "@/components/ui/pager";

// The paging links under the customers and exception-order lists.

const render = (props: { offset: number; shown: number; total: number; limit?: number; maxOffset?: number }) =>
  renderToStaticMarkup(
    createElement(Pager, { limit: 10, maxOffset: 10_000, noun: "orders", hrefFor: (at: number) => `/list?offset=${at}`, ...props }),
  );

const links = (html: string) => [...html.matchAll(/<a [^>]*href="([^"]+)"[^>]*>(\w+)<\/a>/g)].map((m) => `${m[2]} ${m[1]}`);

describe("Pager", () => {
  it("says where the page sits and links the pages either side, never before the first", () => {
    const middle = render({ offset: 5, shown: 10, total: 245 });
    expect(middle).toContain("6–15 of 245");
    expect(links(middle)).toEqual(["Previous /list?offset=0", "Next /list?offset=15"]);
    expect(links(render({ offset: 0, shown: 10, total: 245 }))).toEqual(["Next /list?offset=10"]);
  });

  it("offers no Next on the last page or past the furthest offset a query may ask for, and names an empty list", () => {
    const lastPage = render({ offset: 240, shown: 5, total: 245 });
    expect(lastPage).toContain("241–245 of 245");
    expect(links(lastPage)).toEqual(["Previous /list?offset=230"]);
    expect(links(render({ offset: 10_000, shown: 10, total: 50_000 }))).toEqual(["Previous /list?offset=9990"]);
    expect(render({ offset: 0, shown: 0, total: 0 })).toContain("No orders");
  });
});
