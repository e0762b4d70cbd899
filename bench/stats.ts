// Small helpers the benches share.

/** The p-th percentile (nearest rank) of ascending `sorted` figures. */
export const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;

/** A whole-number command-line option, given as `--name N` or `--name=N`. */
export function numberOption(name: string, fallback: number, argv: readonly string[] = process.argv.slice(2)): number {
  const flag = `--${name}`;
  const i = argv.indexOf(flag);
  const text = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith(`${flag}=`))?.slice(flag.length + 1);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${flag} takes a number, not "${text}".`);
  return value;
}

/** How long each of `runs` calls of `work` took, in milliseconds, ascending. */
export async function timeRuns(runs: number, work: () => Promise<unknown>): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await work();
    ms.push(performance.now() - started);
  }
  return ms.sort((a, b) => a - b);
}
