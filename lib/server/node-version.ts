import pkg from "../../package.json";
import { logger } from "../log";

// package.json's `engines` is the one statement of the Node.js versions Signalboard supports (the
// range Prisma itself supports); the README quotes it and every process checks the running Node
// against it here, so the three cannot drift apart.

export const SUPPORTED_NODE: string = pkg.engines.node;

type Version = [number, number, number];

function parse(version: string): Version {
  const [major = 0, minor = 0, patch = 0] = version.trim().replace(/^v/, "").split(".").map((n) => Number.parseInt(n, 10) || 0);
  return [major, minor, patch];
}

function compare(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/** Whether `version` satisfies one comparator of the range: `^x.y.z` (same major, at least) or `>=x.y.z`. */
function satisfies(version: Version, comparator: string): boolean {
  const match = /^(\^|>=)\s*(\d+(?:\.\d+){0,2})$/.exec(comparator.trim());
  if (!match) throw new Error(`engines.node must be "^x.y" or ">=x.y" comparators joined by "||", not "${comparator}".`);
  const floor = parse(match[2]!);
  if (match[1] === "^" && version[0] !== floor[0]) return false;
  return compare(version, floor) >= 0;
}

/** Why `version` (as in process.version) is not supported, or null when it is. */
export function nodeVersionProblem(version: string, range = SUPPORTED_NODE): string | null {
  if (range.split("||").some((comparator) => satisfies(parse(version), comparator))) return null;
  return `Signalboard supports Node.js ${range} (package.json engines); this is ${version}, which may fail in unexpected ways.`;
}

/** One warning line in the log when the running Node is outside the supported range. */
export function warnOnUnsupportedNode(version = process.version): void {
  const problem = nodeVersionProblem(version);
  if (problem) logger("runtime").warn(problem);
}
