import { isbot } from "isbot";

// Bot traffic is flagged, never dropped: reports leave it out by default and say how many
// sessions they left out. Reasons, checked in this order (lib/tracking/README.md):
// - "headless": a headless or automated browser names itself in its user agent;
// - "webdriver": the page reported navigator.webdriver (browsers under automation set it);
// - "user_agent": a known crawler, monitor or library by the isbot list;
// - "too_fast": page views faster than a person reads pages, sustained (TOO_FAST below).

export type BotReason = "headless" | "webdriver" | "user_agent" | "too_fast";

const HEADLESS = /HeadlessChrome|PhantomJS|Playwright|Puppeteer|SlimerJS|Selenium|Cypress|Electron\/.*HeadlessChrome/i;

/** Why one event's client is a bot, or null: from its user agent and the webdriver flag. */
export function clientBotReason(userAgent: string | null | undefined, webdriver: boolean): BotReason | null {
  if (userAgent && HEADLESS.test(userAgent)) return "headless";
  if (webdriver) return "webdriver";
  // No user agent at all is a script too: every browser sends one.
  if (!userAgent || isbot(userAgent)) return "user_agent";
  return null;
}

/**
 * TOO_FAST.pageViews page views within TOO_FAST.windowMs (2 per second, sustained over 10
 * pages): a person needs at least a moment to look at a page and click; a crawler does not.
 */
export const TOO_FAST = { pageViews: 10, windowMs: 5_000 } as const;

/** Whether page view instants (ms, ascending) hold a run faster than a person. */
export function tooFast(pageViewTimes: readonly number[]): boolean {
  for (let i = TOO_FAST.pageViews - 1; i < pageViewTimes.length; i++) {
    if (pageViewTimes[i]! - pageViewTimes[i - TOO_FAST.pageViews + 1]! < TOO_FAST.windowMs) return true;
  }
  return false;
}
