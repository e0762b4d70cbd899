// CPU time spent by a process and everything it started, from /proc (Linux). On a machine whose
// other work comes and goes, the CPU a request costs is steadier than requests per second.
import { spawnSync } from "node:child_process";
import fs from "node:fs";

const TICKS_PER_SECOND = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout?.trim()) || 100;

type Stat = { pid: number; ppid: number; cpuMs: number };

function readStat(pid: number): Stat | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) is in parentheses and may hold spaces; the rest follows it.
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    // utime and stime, plus cutime and cstime: the CPU of children it has already reaped (a
    // database's finished backends), which are gone from /proc by the time the run ends.
    const ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    return { pid, ppid: Number(fields[1]), cpuMs: (ticks * 1000) / TICKS_PER_SECOND };
  } catch {
    return null; // gone meanwhile
  }
}

function allStats(): Stat[] {
  return fs
    .readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readStat(Number(name)))
    .filter((stat): stat is Stat => stat !== null);
}

/** Milliseconds of CPU used so far by `root` and its descendants (live or reaped), leaving out the trees under `exclude`. */
export function treeCpuMs(root: number, exclude: readonly number[] = []): number | null {
  if (!fs.existsSync("/proc/self/stat")) return null;
  const stats = allStats();
  const children = new Map<number, Stat[]>();
  for (const stat of stats) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat]);
  const self = stats.find((stat) => stat.pid === root);
  if (!self) return null;
  let total = 0;
  const pending = [self];
  while (pending.length > 0) {
    const stat = pending.pop()!;
    if (exclude.includes(stat.pid)) continue;
    total += stat.cpuMs;
    pending.push(...(children.get(stat.pid) ?? []));
  }
  return total;
}
