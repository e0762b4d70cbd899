import type { EmbeddedDatabase } from "../db/embedded";

// How the launcher ends: on a signal, or when Next.js exits by itself (another dev server holds
// the directory, the port is taken, a crash). Either way it stops what it started within a bounded
// time and exits with one line giving the reason, whatever state the child or the database is in.

export type ChildLike = {
  exitCode: number | null;
  signalCode: NodeJS.Signals | null;
  kill: (signal: NodeJS.Signals) => boolean;
  once: (event: "exit", listener: () => void) => unknown;
};

export type ShutdownDeps = {
  child: ChildLike;
  database: Pick<EmbeddedDatabase, "stop"> | null;
  exit: (code: number) => void;
  log: (line: string) => void;
  /** How long the child and the database each get before they are left behind. */
  graceMs?: number;
};

const SIGNAL_CODES: Record<string, number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

function within(ms: number, work: Promise<unknown>): Promise<"done" | "late"> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve("late"), ms);
    work.then(
      () => resolve("done"),
      () => resolve("done"),
    ).finally(() => clearTimeout(timer));
  });
}

function childExited(child: ChildLike): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

export function createShutdown(deps: ShutdownDeps) {
  const grace = deps.graceMs ?? 5_000;
  let stopping = false;

  async function stop(reason: string, code: number): Promise<void> {
    if (stopping) return;
    stopping = true;
    deps.log(reason);
    if (deps.child.exitCode === null && deps.child.signalCode === null) {
      deps.child.kill("SIGTERM");
      if ((await within(grace, childExited(deps.child))) === "late") deps.child.kill("SIGKILL");
    }
    if (deps.database && (await within(grace, deps.database.stop())) === "late") {
      deps.log("▸ PostgreSQL did not stop in time; leaving it to exit on its own.");
    }
    deps.exit(code);
  }

  return {
    /** A signal to the launcher: stop both, exit 128 + the signal's number. */
    onSignal: (signal: NodeJS.Signals) => stop(`▸ Stopping on ${signal}.`, SIGNAL_CODES[signal] ?? 1),
    /** Next.js ended without being asked: say so and exit non-zero. */
    onChildExit: (code: number | null, signal: NodeJS.Signals | null) => {
      if (stopping) return Promise.resolve();
      const how = signal ? `was stopped by ${signal}` : `exited with code ${code}`;
      const hint = code ? " (its reason is printed above: another `next dev` in this directory, or the port in use)" : "";
      return stop(`✖ Next.js ${how}${hint}; stopping.`, code || 1);
    },
  };
}
