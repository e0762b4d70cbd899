// Device type from the user agent, by the conventions browsers follow: tablets either say so or
// are Android without "Mobile"; phones say "Mobi" (the token Mozilla recommends for this test).
// iPadOS 13+ sends a desktop Safari agent by default and is counted as desktop.

export type DeviceType = "desktop" | "mobile" | "tablet";

const TABLET = /iPad|Tablet|PlayBook|Silk|Kindle|Android(?!.*Mobi)/i;
const MOBILE = /Mobi|iPhone|iPod|Windows Phone|BlackBerry|Opera Mini/i;

export function deviceType(userAgent: string | null | undefined): DeviceType {
  if (!userAgent) return "desktop";
  if (TABLET.test(userAgent)) return "tablet";
  if (MOBILE.test(userAgent)) return "mobile";
  return "desktop";
}
