import { inject } from "vitest";

process.env.DATABASE_URL = inject("databaseUrl");
process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret";
process.env.SECRETS_KEYS ??= "test:" + Buffer.alloc(32, 7).toString("base64");
process.env.HASH_SECRET ??= "test-hash-secret";
