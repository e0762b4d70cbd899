import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  // The browser snippet is ES2017 (tests/tracking/snippet.test.ts parses it so), which has
  // no catch without a binding.
  { files: ["lib/tracking/snippet/sb.js", "lib/owned/popups/sb-popups.js"], rules: { "@typescript-eslint/no-unused-vars": ["warn", { caughtErrors: "none" }] } },
  // Server code logs through lib/log (structured, redacted JSON lines), never the console.
  // Command-line programs print their results for a person: that is output, not logging.
  { files: ["app/**", "lib/**", "inngest/**", "components/**", "instrumentation.ts"], rules: { "no-console": "error" } },
  { files: ["lib/cli/main.ts", "lib/server/launch.ts", "lib/db/tools/**", "lib/fx/tools/**", "**/*.test.ts", "**/*.test.tsx"], rules: { "no-console": "off" } },
  { ignores: [".next/**", "node_modules/**", "lib/db/generated/**", ".data/**", "test-results/**", "playwright-report/**", "next-env.d.ts", "tests/architecture/fixtures/**"] },
];

export default config;
