// Per-key rate limit of the event API: a token bucket per write key (or API key) in this
// process. TRACKING_RATE_PER_SECOND requests a second are refilled (default 100) up to
// TRACKING_BURST (default 200). Each server process keeps its own buckets, so N processes allow
// N times the rate: a limit against a runaway page or script, not a billing meter.

type Bucket = { tokens: number; at: number };

const buckets = new Map<string, Bucket>();
const MAX_BUCKETS = 50_000;

function setting(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

export const rateLimitSettings = () => ({ perSecond: setting("TRACKING_RATE_PER_SECOND", 100), burst: setting("TRACKING_BURST", 200) });

/** Takes one token for `key`; null when allowed, else the whole seconds to wait before retrying. */
export function takeToken(key: string, now = Date.now(), { perSecond, burst } = rateLimitSettings()): number | null {
  let bucket = buckets.get(key);
  if (!bucket) {
    // A bucket left full is the same as none: forget them all rather than grow without end.
    if (buckets.size >= MAX_BUCKETS) buckets.clear();
    bucket = { tokens: burst, at: now };
    buckets.set(key, bucket);
  }
  bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
  bucket.at = now;
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return null;
  }
  return Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond));
}
