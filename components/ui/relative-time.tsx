"use client";

import { useSyncExternalStore } from "react";

const MINUTE = 60_000;

// The clock in whole minutes, so every read within a minute is the same snapshot.
const currentMinute = () => Math.floor(Date.now() / MINUTE);
const noClockOnServer = () => null;

function subscribe(onTick: () => void) {
  const timer = setInterval(onTick, MINUTE / 4);
  return () => clearInterval(timer);
}

const utcStamp = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/**
 * "5 minutes ago" from the browser's clock. The server's clock and the browser's disagree, so the
 * server (and hydration) shows the instant itself in UTC, which both sides render alike; the
 * relative text follows once the page is live and stays current while it is open.
 */
export function RelativeTime({ iso, format, prefix = "" }: { iso: string; format: (iso: string, now: Date) => string; prefix?: string }) {
  const minute = useSyncExternalStore(subscribe, currentMinute, noClockOnServer);
  const text = minute === null ? utcStamp.format(new Date(iso)) : format(iso, new Date(minute * MINUTE));
  return (
    <time dateTime={iso} title={iso}>
      {prefix}
      {text}
    </time>
  );
}
