import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AUDIT_ACTIONS, AUDIT_ACTION_NAMES, isAuditAction } from "@/lib/audit/actions";
import { AUDITED_WRITES } from "./audited-writes";

// Fails when app/ gains a server action or a writing route handler that is neither audited nor
// exempt with a reason, and when an action type is registered but never recorded by lib/.

const ROOT = path.resolve(__dirname, "../..");
const WRITE_METHODS = ["POST", "PUT", "PATCH", "DELETE"];

function filesUnder(dir: string, keep: (file: string) => boolean): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...filesUnder(rel, keep));
    else if (keep(rel)) out.push(rel);
  }
  return out;
}

/** Exported server actions and writing handlers, as "file" -> names. */
function appWrites(): Record<string, string[]> {
  const writes: Record<string, string[]> = {};
  for (const file of filesUnder("app", (f) => /\.tsx?$/.test(f))) {
    const source = fs.readFileSync(path.join(ROOT, file), "utf8");
    let names: string[] = [];
    if (/^\s*["']use server["']/.test(source)) {
      names = [...source.matchAll(/export\s+(?:async\s+function|const)\s+(\w+)/g)].map((m) => m[1]!);
    } else if (file.endsWith("/route.ts")) {
      const exported = [...source.matchAll(/export\s+(?:async\s+function|const)\s+(\w+)/g)].map((m) => m[1]!);
      const reexported = [...source.matchAll(/export\s*\{([^}]*)\}/g)].flatMap((m) => m[1]!.split(",").map((part) => part.trim().split(/\s+as\s+/).pop()!));
      names = [...exported, ...reexported].filter((name) => WRITE_METHODS.includes(name));
    }
    if (names.length) writes[file] = [...new Set(names)].sort();
  }
  return writes;
}

function libSources(): string {
  return filesUnder("lib", (f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f) && !f.startsWith("lib/audit/actions.ts") && !f.startsWith("lib/db/generated"))
    .map((file) => fs.readFileSync(path.join(ROOT, file), "utf8"))
    .join("\n");
}

describe("the audit trail's coverage", () => {
  const found = appWrites();

  it("finds the app's writes (the scan itself works)", () => {
    expect(found["app/w/[slug]/settings/members/actions.ts"]).toContain("changeRoleAction");
    expect(found["app/api/v1/workspaces/[slug]/dashboards/[id]/route.ts"]).toEqual(["DELETE", "PATCH"]);
  });

  it("classifies every server action and writing route handler", () => {
    const missing = Object.entries(found).flatMap(([file, names]) => names.filter((name) => !AUDITED_WRITES[file]?.[name]).map((name) => `${file}#${name}`));
    expect(missing, "audit these in their lib/ service (recordAudit) and list them in tests/audit/audited-writes.ts, or list them as exempt with a reason").toEqual([]);
  });

  it("lists nothing that no longer exists", () => {
    const stale = Object.entries(AUDITED_WRITES).flatMap(([file, names]) => Object.keys(names).filter((name) => !found[file]?.includes(name)).map((name) => `${file}#${name}`));
    expect(stale).toEqual([]);
  });

  it("gives every exemption a reason and names only registered, unreserved actions", () => {
    for (const [file, names] of Object.entries(AUDITED_WRITES)) {
      for (const [name, coverage] of Object.entries(names)) {
        if ("exempt" in coverage) {
          expect(coverage.exempt.length, `${file}#${name}`).toBeGreaterThan(20);
        } else {
          expect(coverage.length, `${file}#${name}`).toBeGreaterThan(0);
          for (const action of coverage) {
            expect(isAuditAction(action), action).toBe(true);
            expect((AUDIT_ACTIONS[action] as { reserved?: string }).reserved, action).toBeUndefined();
          }
        }
      }
    }
  });

  it("records every registered action type somewhere in lib/, unless it is reserved for a feature to come", () => {
    const sources = libSources();
    const neverRecorded = AUDIT_ACTION_NAMES.filter((action) => !(AUDIT_ACTIONS[action] as { reserved?: string }).reserved && !sources.includes(`"${action}"`));
    expect(neverRecorded).toEqual([]);
  });
});
