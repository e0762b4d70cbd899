import fs from "node:fs";
import path from "node:path";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { auth } from "@/lib/auth";
import { currentUser } from "@/lib/auth/session";
import { seedUser } from "@/lib/seed/factories";
import { digestOf } from "./console-helpers";

vi.mock("@/lib/auth/session", () => ({ currentUser: vi.fn(async () => null) }));
vi.mock("@/lib/auth", () => ({ auth: vi.fn(async () => null) }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

// Everything under app/admin and app/api/admin is found by walking the folders, so a page, route
// or action added later is covered without anyone listing it: for a visitor who is signed out, and
// for a signed-in user who is not an operator, each is the same 404 as a page that does not exist.

const ROOT = path.resolve(__dirname, "../..");

function filesUnder(dir: string): string[] {
  const full = path.join(ROOT, dir);
  if (!fs.existsSync(full)) return [];
  return fs.readdirSync(full, { withFileTypes: true }).flatMap((entry) => {
    const rel = `${dir}/${entry.name}`;
    return entry.isDirectory() ? filesUnder(rel) : [rel];
  });
}

const adminFiles = [...filesUnder("app/admin"), ...filesUnder("app/api/admin")];
const pages = adminFiles.filter((f) => /\/(page|layout)\.tsx$/.test(f));
const routes = adminFiles.filter((f) => f.endsWith("/route.ts"));
const actionFiles = adminFiles.filter((f) => /\.tsx?$/.test(f) && /^\s*["']use server["']/.test(fs.readFileSync(path.join(ROOT, f), "utf8")));
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"] as const;

/** Every dynamic segment of a file's path filled with a made-up value. */
function paramsOf(file: string): Record<string, string> {
  return Object.fromEntries([...file.matchAll(/\[(?:\.\.\.)?(\w+)\]/g)].map((m) => [m[1]!, "nothing-here"]));
}

const callers = {
  "signed out": async () => {
    vi.mocked(currentUser).mockResolvedValue(null);
    vi.mocked(auth).mockResolvedValue(null as never);
  },
  "signed in, not an operator": async () => {
    const user = await seedUser();
    vi.mocked(currentUser).mockResolvedValue({ id: user.id, email: user.email, name: null });
    vi.mocked(auth).mockResolvedValue({ user: { id: user.id, email: user.email }, expires: "" } as never);
  },
};

describe("the operator console for anyone but an operator", () => {
  beforeAll(() => {
    // The walk itself works: the console's frame and its first pages are there to be checked.
    expect(pages).toContain("app/admin/layout.tsx");
    expect(pages).toContain("app/admin/page.tsx");
  });

  for (const [who, become] of Object.entries(callers)) {
    describe(who, () => {
      it.each(pages)("%s is a 404", async (file) => {
        await become();
        const mod = await import(/* @vite-ignore */ path.join(ROOT, file));
        const props = { params: Promise.resolve(paramsOf(file)), searchParams: Promise.resolve({}), children: null };
        expect(await digestOf(() => mod.default(props))).toMatch(/^NEXT_HTTP_ERROR_FALLBACK;404/);
      });

      it.each(routes)("%s answers 404 to every method", async (file) => {
        await become();
        const mod = await import(/* @vite-ignore */ path.join(ROOT, file));
        const methods = METHODS.filter((m) => typeof mod[m] === "function");
        expect(methods.length).toBeGreaterThan(0);
        for (const method of methods) {
          const request = new NextRequest(`http://localhost/${file}`, { method, headers: { origin: "http://localhost" } });
          const response: Response = await mod[method](request, { params: Promise.resolve(paramsOf(file)) });
          expect(response.status, `${method} ${file}`).toBe(404);
        }
      });

      it.each(actionFiles)("%s refuses every action as not found", async (file) => {
        await become();
        const mod = await import(/* @vite-ignore */ path.join(ROOT, file));
        const actions = Object.entries(mod).filter(([, value]) => typeof value === "function");
        expect(actions.length).toBeGreaterThan(0);
        for (const [name, action] of actions) {
          const form = new FormData();
          for (const field of ["id", "runId", "slug", "workspaceId", "value"]) form.set(field, "nothing-here");
          const result = await (action as (prev: unknown, form: FormData) => Promise<unknown>)(null, form);
          expect(result, `${file}#${name}`).toMatchObject({ ok: false, error: "Not found." });
        }
      });
    });
  }
});
