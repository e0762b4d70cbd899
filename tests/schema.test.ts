import { inject, describe, expect, it } from "vitest";
import { pendingSchemaChanges } from "@/lib/db/migrate";

describe("migrations", () => {
  it("bring an empty database exactly to prisma/schema", async () => {
    expect(await pendingSchemaChanges(inject("databaseUrl"))).toBe("");
  });
});
