import path from "node:path";
import { defineConfig } from "prisma/config";

// The CLI is used for `prisma generate` only; migrations are applied by lib/db/migrate.ts
// through Prisma's WebAssembly schema engine, so they run on machines without the native one.
export default defineConfig({
  schema: path.join("prisma", "schema"),
  migrations: { path: path.join("prisma", "migrations") },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/signalboard" },
});
