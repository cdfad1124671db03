#!/usr/bin/env bash
# Production mode under test (issue 23): tests/production starts the service as
# docs/operations.md runs it (gunicorn with the Dockerfile's command line and 3 workers,
# COORD_ENV=production with throwaway keys, DEBUG off, a private redis-server as cache and
# broker, a database of its own on the PostgreSQL of DATABASE_URL, 127.0.0.1 and a free port)
# and checks it over HTTP: lockout and throttles across workers, web forms throttled,
# security headers, secure cookies, no debug page, check --deploy.
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/NAME scripts/production_smoke.sh
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?DATABASE_URL must point at PostgreSQL (a database <name>_prod is made beside it)}"
command -v redis-server >/dev/null || { echo "production_smoke: redis-server is needed" >&2; exit 1; }
exec .venv/bin/python -m pytest -m production tests/production -p no:randomly -q "$@"
