import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { nodeVersionProblem, SUPPORTED_NODE } from "./node-version";

describe("supported Node.js versions", () => {
  it("accepts the versions package.json's engines allows and names the range for the others", () => {
    const range = "^20.19 || ^22.12 || >=24.0";
    for (const ok of ["v20.19.0", "v20.20.2", "v22.12.0", "v22.23.3", "v24.0.0", "v25.1.0"]) expect(nodeVersionProblem(ok, range), ok).toBeNull();
    for (const bad of ["v18.20.0", "v20.18.3", "v21.7.0", "v22.11.0", "v23.4.0"]) {
      expect(nodeVersionProblem(bad, range), bad).toContain(`Node.js ${range}`);
    }
  });

  it("is the range the README states and the one Prisma needs", () => {
    const readme = fs.readFileSync(path.join(process.cwd(), "README.md"), "utf8");
    expect(readme).toContain(`\`${SUPPORTED_NODE}\``);
    const prisma = JSON.parse(fs.readFileSync(path.join(process.cwd(), "node_modules/@prisma/client/package.json"), "utf8"));
    expect(SUPPORTED_NODE).toBe(prisma.engines.node);
  });

  it("refuses a range it cannot read rather than passing everything", () => {
    expect(() => nodeVersionProblem("v20.20.0", "20.x")).toThrow(/engines.node/);
  });
});
