import fs from "node:fs";
import { DockerfileParser } from "dockerfile-ast";
import { describe, expect, it } from "vitest";
import { lintDockerfile } from "./dockerfile-lint";
import { imageLayout } from "./image-layout";

const DOCKERFILE = fs.readFileSync("Dockerfile", "utf8");

const GOOD = [
  "FROM node:22.21.1-bookworm-slim AS build",
  "RUN apt-get update && apt-get install -y --no-install-recommends git && rm -rf /var/lib/apt/lists/*",
  "FROM node:22.21.1-bookworm-slim",
  "COPY --from=build /app /app",
  "USER node",
  'HEALTHCHECK CMD ["node", "-e", "1"]',
  'CMD ["node", "server.js"]',
].join("\n");

const rulesOf = (content: string) => lintDockerfile(content).map((f) => f.rule);
const replace = (from: string, to: string) => {
  expect(GOOD).toContain(from);
  return GOOD.replace(from, to);
};

describe("Dockerfile", () => {
  it("passes every rule", () => {
    expect(lintDockerfile(DOCKERFILE)).toEqual([]);
  });

  it("builds in stages and runs the standalone server as the default web command", () => {
    const dockerfile = DockerfileParser.parse(DOCKERFILE);
    const stages = dockerfile.getFROMs().map((f) => f.getBuildStage());
    expect(stages).toEqual(["deps", "build", "prod-deps", "runtime"]);
    // The static assets and public files sit where the standalone server.js looks for them.
    const layout = imageLayout(DOCKERFILE);
    expect(layout.static).toBe(`${layout.standalone}/.next/static`);
    expect(layout.public).toBe(`${layout.standalone}/public`);
    expect(DOCKERFILE).toMatch(/CMD \["web"\]/);
    const entrypoint = fs.readFileSync("deploy/docker/entrypoint.sh", "utf8");
    expect(DOCKERFILE).toContain('ENTRYPOINT ["/app/deploy/docker/entrypoint.sh"]');
    for (const role of ["web", "worker", "migrate", "cli"]) expect(entrypoint).toMatch(new RegExp(`^  ${role}\\)`, "m"));
    expect(entrypoint).toContain(`cd ${layout.standalone}\n    exec node server.js`);
    expect(fs.statSync("deploy/docker/entrypoint.sh").mode & 0o111).not.toBe(0);
  });

  it("keeps local data, builds and secrets out of the build context", () => {
    const ignored = fs.readFileSync(".dockerignore", "utf8").split("\n").map((l) => l.trim());
    for (const path of [".git", "node_modules", ".next", ".data", ".env", "lib/db/generated"]) expect(ignored).toContain(path);
  });
});

describe("the Dockerfile rules", () => {
  it("accept a clean file", () => {
    expect(lintDockerfile(GOOD)).toEqual([]);
  });

  it("find an unpinned or latest base image, but not a stage used as a base", () => {
    expect(rulesOf(replace("FROM node:22.21.1-bookworm-slim\n", "FROM node\n"))).toEqual(["DL3006"]);
    expect(rulesOf(replace("FROM node:22.21.1-bookworm-slim\n", "FROM node:latest\n"))).toEqual(["DL3007"]);
    expect(rulesOf(replace("FROM node:22.21.1-bookworm-slim\n", "FROM build\n"))).toEqual([]);
  });

  it("find ADD used for files", () => {
    expect(rulesOf(replace("COPY --from=build /app /app", "ADD app.tar /app"))).toEqual(["DL3020"]);
  });

  it("find apt installs without --no-install-recommends or without removing the lists", () => {
    expect(rulesOf(replace("--no-install-recommends ", ""))).toEqual(["DL3015"]);
    expect(rulesOf(replace(" && rm -rf /var/lib/apt/lists/*", ""))).toEqual(["DL3009"]);
  });

  it("find a root or missing final USER", () => {
    expect(rulesOf(replace("USER node", "USER root"))).toEqual(["DL3002"]);
    expect(rulesOf(replace("USER node\n", ""))).toEqual(["DL3002"]);
    // A USER in a build stage does not count for the image that ships.
    expect(rulesOf(replace("USER node\n", "").replace("AS build\n", "AS build\nUSER node\n"))).toEqual(["DL3002"]);
  });

  it("find a shell-form CMD and a missing or disabled HEALTHCHECK", () => {
    expect(rulesOf(replace('CMD ["node", "server.js"]', "CMD node server.js"))).toEqual(["DL3025"]);
    expect(rulesOf(replace('HEALTHCHECK CMD ["node", "-e", "1"]\n', ""))).toEqual(["healthcheck"]);
    expect(rulesOf(replace('HEALTHCHECK CMD ["node", "-e", "1"]', "HEALTHCHECK NONE"))).toEqual(["healthcheck"]);
  });
});
