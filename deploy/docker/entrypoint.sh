#!/bin/sh
# One image, several roles, chosen by the first argument (Dockerfile CMD defaults to web).
#   web      the standalone Next.js server (.next/standalone/server.js) on $PORT
#   worker   the jobs: with Inngest configured (INNGEST_EVENT_KEY or INNGEST_DEV) Inngest calls
#            /api/inngest, so the worker serves that endpoint for it (reached by Inngest only);
#            without Inngest, the in-process scheduler and jobs (lib/server/worker.ts)
#   migrate  apply the committed migrations to DATABASE_URL and exit
#   cli      the operator CLI: `cli secrets:rotate`, `cli sync:backfill --connection ID`, ...
set -eu
role="${1:-web}"
[ "$#" -gt 0 ] && shift
case "$role" in
  web)
    cd /app/web
    exec node server.js
    ;;
  worker)
    if [ -n "${INNGEST_EVENT_KEY:-}" ] || [ -n "${INNGEST_DEV:-}" ]; then
      cd /app/web
      exec node server.js
    fi
    exec node --import tsx lib/server/worker.ts
    ;;
  migrate)
    exec node --import tsx deploy/migrate.ts
    ;;
  cli)
    exec node --import tsx lib/cli/main.ts "$@"
    ;;
  *)
    exec "$role" "$@"
    ;;
esac
