import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { isSecretName } from "./app-env";
import { loadManifests, only } from "./manifests";

type TService = {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  read_only?: boolean;
};
const compose = parse(fs.readFileSync("compose.yaml", "utf8"), { merge: true }) as { services: Record<string, TService> };
const { services } = compose;
const APP = ["migrate", "web", "worker"] as const;

describe("compose.yaml", () => {
  it("runs the app image as web, worker and migration beside PostgreSQL and an Inngest server", () => {
    expect(Object.keys(services).sort()).toEqual(["inngest", "migrate", "postgres", "web", "worker"]);
    expect(new Set(APP.map((name) => services[name]!.image)).size).toBe(1);
    expect(APP.map((name) => services[name]!.command)).toEqual([["migrate"], ["web"], ["worker"]]);
    expect(services.migrate!.build).toBe(".");
  });

  it("pins every image it pulls", () => {
    for (const name of ["postgres", "inngest"]) expect(services[name]!.image, name).toMatch(/^[\w./-]+:(?!latest$)[\w.-]+$/);
  });

  it("migrates before web and worker start", () => {
    for (const name of ["web", "worker"]) expect(services[name]!.depends_on?.migrate).toEqual({ condition: "service_completed_successfully" });
    expect(services.migrate!.depends_on?.postgres).toEqual({ condition: "service_healthy" });
  });

  it("gives web, worker and migration the same environment, with the secrets the image needs", () => {
    const web = services.web!.environment!;
    for (const name of APP) expect(services[name]!.environment, name).toEqual(web);
    for (const name of ["DATABASE_URL", "AUTH_SECRET", "SECRETS_KEYS", "HASH_SECRET", "INNGEST_EVENT_KEY", "INNGEST_SIGNING_KEY", "INNGEST_BASE_URL"]) {
      expect(Object.keys(web), name).toContain(name);
    }
    // Credentials come from .env, never written in the file.
    for (const [name, value] of Object.entries(web).filter(([n]) => isSecretName(n) && n !== "DATABASE_URL")) expect(value, name).toMatch(/^\$\{[A-Z_]+[:?-]/);
  });

  it("names the same variables as the Kubernetes manifests", () => {
    const manifests = loadManifests();
    const k8s = new Set([
      ...Object.keys(only(manifests, "Secret", "signalboard-secrets").stringData ?? {}),
      ...Object.keys(only(manifests, "ConfigMap", "signalboard-config").data ?? {}),
      "SIGNALBOARD_LOCAL_SCHEDULER",
      "PORT",
    ]);
    // Only the compose file's own Inngest address is not in the manifests (Kubernetes leaves Inngest optional).
    expect(Object.keys(services.web!.environment!).filter((name) => !k8s.has(name))).toEqual(["INNGEST_BASE_URL"]);
  });

  it("points Inngest at the worker's /api/inngest and the app at Inngest", () => {
    const command = services.inngest!.command!;
    const sdkUrl = new URL(command[command.indexOf("--sdk-url") + 1]!);
    expect(Object.keys(services)).toContain(sdkUrl.hostname);
    expect(sdkUrl.hostname).toBe("worker");
    expect(sdkUrl.pathname).toBe("/api/inngest");
    expect(fs.existsSync("app/api/inngest/route.ts")).toBe(true);
    expect(new URL(services.web!.environment!.INNGEST_BASE_URL!).hostname).toBe("inngest");
  });
});
