// Many writers of one workspace (a burst of webhooks, a sync's slices) each ask for a refresh
// right after committing. Refreshes of a workspace take turns anyway (an advisory lock), so in
// one process they are coalesced: a caller waits for a refresh that starts after its call (its
// marks are committed by then, so that refresh covers them), and every caller arriving while one
// runs shares the single refresh queued behind it.

type Flight = { running: Promise<void>; waiting: Promise<void> | null };

export function createCoalescer() {
  const flights = new Map<string, Flight>();

  function launch(key: string, work: () => Promise<void>): Promise<void> {
    const running: Promise<void> = work().finally(() => {
      const flight = flights.get(key);
      if (flight && flight.running === running && flight.waiting === null) flights.delete(key);
    });
    const flight = flights.get(key);
    if (flight) {
      flight.running = running;
      flight.waiting = null;
    } else {
      flights.set(key, { running, waiting: null });
    }
    return running;
  }

  /** Runs `work` for `key` now, or once after the run in progress; never two at once per key. */
  return function coalesce(key: string, work: () => Promise<void>): Promise<void> {
    const flight = flights.get(key);
    if (!flight) return launch(key, work);
    flight.waiting ??= flight.running.then(
      () => launch(key, work),
      () => launch(key, work),
    );
    return flight.waiting;
  };
}
