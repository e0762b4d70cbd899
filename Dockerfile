# syntax=docker/dockerfile:1
# Signalboard: one image for the web servers, the workers and the migration Job.
#   docker build -t signalboard:0.1.0 .
#   docker run signalboard:0.1.0 web | worker | migrate | cli <command>
# See docs/deploy.md. Checked by tests/deploy/dockerfile.test.ts (hadolint's main rules).

# 1. Every dependency, for the build. Install scripts are skipped: the Prisma client is
#    generated from the schema in the build stage, and native modules ship prebuilt binaries.
FROM node:22.21.1-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund

# 2. The Prisma client and the Next.js build (.next/standalone).
FROM deps AS build
ENV NEXT_TELEMETRY_DISABLED=1
COPY . .
RUN node lib/db/tools/generate.mjs && npx next build

# 3. Production dependencies only, for the worker, the migration and the CLI, which run the
#    TypeScript sources through tsx (a production dependency).
FROM node:22.21.1-bookworm-slim AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

# 4. What runs. Files belong to root and are read-only to the app's user; only /tmp (tsx's
#    cache) and web/.next/cache need to be writable (emptyDir volumes in deploy/k8s).
FROM node:22.21.1-bookworm-slim AS runtime
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    HOSTNAME=0.0.0.0 \
    PORT=3000
WORKDIR /app
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/package.json /app/tsconfig.json ./
COPY --from=build /app/lib ./lib
COPY --from=build /app/inngest ./inngest
COPY --from=build /app/prisma ./prisma
COPY --from=build /app/deploy/migrate.ts ./deploy/migrate.ts
COPY --from=build /app/deploy/docker/entrypoint.sh ./deploy/docker/entrypoint.sh
# The standalone server, with the static assets and public files it does not copy itself.
COPY --from=build /app/.next/standalone ./web
COPY --from=build /app/.next/static ./web/.next/static
COPY --from=build /app/public ./web/public
RUN mkdir -p web/.next/cache && chown node:node web/.next/cache
# The node image's unprivileged user (uid 1000).
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The entrypoint execs node, which handles SIGTERM itself (the server closes, the worker lets its
# jobs finish their slice); node spawns no children, so no init process is needed.
ENTRYPOINT ["/app/deploy/docker/entrypoint.sh"]
CMD ["web"]
