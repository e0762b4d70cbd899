"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { embeddedJson } from "./app-bridge";

export type Loaded<T> = { data: T | null; error: string | null; loading: boolean; reload: () => Promise<T | null> };

/**
 * GETs an embedded API path with the session token, again whenever the path changes. The last
 * answer stays on screen while the next one loads, so nothing jumps. `initial`, the answer the
 * server rendered for the first path, is shown without a call.
 */
export function useEmbedded<T>(path: string | null, initial: T | null = null): Loaded<T> {
  const [data, setData] = useState<T | null>(initial);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(path !== null && initial === null);
  const latest = useRef(path);
  // The server's answer for the first path (rendered into the document) stands until a reload.
  const served = useRef(initial === null ? null : path);

  const load = useCallback(async (): Promise<T | null> => {
    const wanted = latest.current;
    if (wanted === null) return null;
    setLoading(true);
    try {
      const answer = await embeddedJson<T>(wanted);
      if (latest.current !== wanted) return null;
      setData(answer);
      setError(null);
      return answer;
    } catch (caught) {
      if (latest.current === wanted) setError((caught as Error).message);
      return null;
    } finally {
      if (latest.current === wanted) setLoading(false);
    }
  }, []);

  useEffect(() => {
    latest.current = path;
    if (served.current !== null && served.current === path) return;
    served.current = null;
    void load();
  }, [path, load]);

  return { data, error, loading, reload: load };
}
