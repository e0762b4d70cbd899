import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  // The browser snippet is ES2017 (tests/tracking/snippet.test.ts parses it so), which has
  // no catch without a binding.
  { files: ["lib/tracking/snippet/sb.js", "lib/owned/popups/sb-popups.js"], rules: { "@typescript-eslint/no-unused-vars": ["warn", { caughtErrors: "none" }] } },
  { ignores: [".next/**", "node_modules/**", "lib/db/generated/**", ".data/**", "test-results/**", "playwright-report/**", "next-env.d.ts", "tests/architecture/fixtures/**"] },
];

export default config;
