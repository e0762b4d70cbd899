import { describe, expect, it } from "vitest";
import { campaignOf } from "./campaign";
import { trackedChannel } from "./channel";
import { deviceType } from "./device";

const channel = (pageUrl: string, referrer: string | null = null) => trackedChannel(campaignOf(pageUrl), referrer, pageUrl);

describe("tracked session channels", () => {
  it("reads UTM values first, in the shared vocabulary", () => {
    expect(channel("https://s.example/?utm_source=fb&utm_medium=cpc")).toBe("facebook");
    expect(channel("https://s.example/?utm_source=IG&utm_medium=social")).toBe("facebook");
    expect(channel("https://s.example/?utm_source=shopify_email&utm_medium=email")).toBe("email");
    expect(channel("https://s.example/?utm_source=klaviyo")).toBe("email");
    expect(channel("https://s.example/?utm_source=google&utm_medium=organic")).toBe("organic");
    expect(channel("https://s.example/?utm_source=podcast_x")).toBe("podcast_x");
  });

  it("maps click ids to the network that issued them", () => {
    expect(channel("https://s.example/?gbraid=1")).toBe("google");
    expect(channel("https://s.example/?wbraid=1")).toBe("google");
    expect(channel("https://s.example/?fbclid=1")).toBe("facebook");
    expect(channel("https://s.example/?ttclid=1")).toBe("tiktok");
    expect(channel("https://s.example/?msclkid=1")).toBe("bing");
  });

  it("classifies referrers: search -> organic, social -> the network, own site -> direct", () => {
    expect(channel("https://s.example/", "https://www.bing.com/search?q=x")).toBe("organic");
    expect(channel("https://s.example/", "https://l.facebook.com/l.php")).toBe("facebook");
    expect(channel("https://s.example/", "https://www.instagram.com/")).toBe("facebook");
    expect(channel("https://s.example/", "https://t.co/abc")).toBe("x");
    expect(channel("https://s.example/", "https://www.reddit.com/r/a")).toBe("reddit");
    expect(channel("https://s.example/", "https://blog.example.org/post")).toBe("referral");
    expect(channel("https://s.example/", "https://s.example/cart")).toBe("direct");
    expect(channel("https://s.example/", "not a url")).toBe("direct");
    expect(channel("https://s.example/")).toBe("direct");
  });

  it("tells desktops, phones and tablets apart", () => {
    expect(deviceType("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/131.0 Mobile Safari/537.36")).toBe("mobile");
    expect(deviceType("Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 Chrome/131.0 Safari/537.36")).toBe("tablet");
    expect(deviceType("Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148")).toBe("tablet");
    expect(deviceType("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 Version/17.0 Safari/605.1.15")).toBe("desktop");
  });
});
