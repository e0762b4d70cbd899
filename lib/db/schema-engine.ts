import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory, type SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import * as bindings from "@prisma/schema-engine-wasm/schema_engine_bg";

// Prisma publishes its schema engine as WebAssembly too. We drive it directly so migrations
// apply on machines that cannot download the native engine, with no CLI in between.

export const SCHEMA_DIR = path.join(process.cwd(), "prisma", "schema");
export const MIGRATIONS_DIR = path.join(process.cwd(), "prisma", "migrations");
export const NO_FILTERS = { externalTables: [], externalEnums: [] };

let initialised: Promise<void> | undefined;

function initWasm(): Promise<void> {
  initialised ??= (async () => {
    const require = createRequire(import.meta.url);
    const js = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const wasmFile = path.join(path.dirname(js), "schema_engine_bg.wasm");
    const { instance } = await WebAssembly.instantiate(fs.readFileSync(wasmFile), {
      "./schema_engine_bg.js": bindings as unknown as WebAssembly.ModuleImports,
    });
    const exports = instance.exports as unknown as { __wbindgen_start?: () => void };
    bindings.__wbg_set_wasm(instance.exports);
    exports.__wbindgen_start?.();
  })();
  return initialised;
}

type Queryable = {
  performIO: (query: unknown) => Promise<{ fields: { dataTypeID: number }[] }>;
  startTransaction?: (...args: unknown[]) => Promise<Queryable>;
};

const PG_INTERNAL_CHAR = 18;
const PG_TEXT = 25;

// The engine's introspection reads catalog columns of Postgres's internal "char" type,
// which the pg adapter refuses; they hold one-letter codes, so reading them as text is exact.
function readCharAsText<T>(queryable: T): T {
  const q = queryable as unknown as Queryable;
  const performIO = q.performIO.bind(q);
  q.performIO = async (query) => {
    const result = await performIO(query);
    for (const field of result.fields) if (field.dataTypeID === PG_INTERNAL_CHAR) field.dataTypeID = PG_TEXT;
    return result;
  };
  if (q.startTransaction) {
    const start = q.startTransaction.bind(q);
    q.startTransaction = async (...args) => readCharAsText(await start(...args));
  }
  return queryable;
}

function adapterFactory(url: string) {
  const base = new PrismaPg({ connectionString: url });
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: base.provider,
    adapterName: base.adapterName,
    connect: async () => readCharAsText(await base.connect()),
    connectToShadowDb: async () => readCharAsText(await base.connectToShadowDb()),
  };
  return bindMigrationAwareSqlAdapterFactory(factory);
}

export function readSchemaFiles(): { path: string; content: string }[] {
  return fs
    .readdirSync(SCHEMA_DIR)
    .filter((file) => file.endsWith(".prisma"))
    .sort()
    .map((file) => ({ path: path.join(SCHEMA_DIR, file), content: fs.readFileSync(path.join(SCHEMA_DIR, file), "utf8") }));
}

export type SchemaEngine = bindings.SchemaEngine;

export async function openSchemaEngine(url: string): Promise<SchemaEngine> {
  await initWasm();
  const files = readSchemaFiles();
  return bindings.SchemaEngine.new(
    { datamodels: files.map((f) => [f.path, f.content] as [string, string]) },
    () => {},
    adapterFactory(url),
  );
}
