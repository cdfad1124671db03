#!/usr/bin/env bash
# API fuzzing (issue 9): schemathesis against /api/schema/ on a live gunicorn server with a
# temporary SQLite database seeded with the demo data, once per role (caseworker, admin,
# partner through a grant, coordinator, each with a real token from /api/v1/auth/token/) and
# once anonymous.
# Checks: no 5xx ever; status codes, content types and bodies as the schema documents.
# Data: valid and invalid (schemathesis' negative mode), and, where the installed schemathesis
# has it, the stateful phase (sequences of operations linked by the ids they return). Then the
# sign-in endpoint anonymously with invalid data only, and hostile bodies no schema describes
# (3,000-deep JSON, too many parameters) sent with curl: each must be a 4xx.
# Bounded: FUZZ_EXAMPLES examples per operation (default 20), FUZZ_SECONDS per role (120),
# FUZZ_SIGNIN_SECONDS for the sign-in endpoint (60): at most about 13 minutes in all.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="$PWD/.venv/bin/python"
ST="$PWD/.venv/bin/st"
EXAMPLES="${FUZZ_EXAMPLES:-20}"
SECONDS_PER_ROLE="${FUZZ_SECONDS:-120}"

WORK="$(mktemp -d)"
chmod 700 "$WORK"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# A throwaway embedded instance: its own data dir (dev keys are generated there, 0600),
# eager Celery, no second factor (the demo accounts have none), throttles and lockouts
# lifted so the fuzzer is not answered 429 for volume.
unset CELERY_BROKER_URL CELERY_RESULT_BACKEND COORD_TEST_DB_NAME COORD_CACHE_URL
export COORD_ENV=dev COORD_DATA_DIR="$WORK" DATABASE_URL="sqlite:///$WORK/fuzz.sqlite3"
export COORD_REQUIRE_2FA=false COORD_LOGIN_FAILURE_LIMIT=100000
export COORD_RATE_LOGIN=100000/min COORD_RATE_PII_WRITE=100000/min COORD_RATE_EXPORT=100000/hour
export LOG_LEVEL=WARNING DEBUG=false  # DEBUG off: error pages as in production

"$PY" manage.py migrate --verbosity 0
"$PY" manage.py seed_demo >/dev/null
PORT="$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
BASE="http://127.0.0.1:$PORT"
"$PY" -m gunicorn coord.wsgi:application --bind "127.0.0.1:$PORT" --workers 2 --timeout 60 \
  --access-logfile - \
  >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 60); do
  curl -fsS "$BASE/healthz" >/dev/null 2>&1 && break
  sleep 1
done
curl -fsS "$BASE/healthz" >/dev/null

token_for() {
  curl -fsS -X POST "$BASE/api/v1/auth/token/" -H 'Content-Type: application/json' \
    -d "{\"username\": \"$1\", \"password\": \"${COORD_DEMO_PASSWORD:-demo-pass-2026}\"}" |
    "$PY" -c 'import json, sys; print(json.load(sys.stdin)["token"])'
}

# Which generation modes and phases this schemathesis has (3.x and 4.x differ): negative
# (invalid) data and the stateful phase are used whenever the installed version offers them.
ST_HELP="$("$ST" run --help)"
echo "=== schemathesis: $("$ST" --version)"
MODE=()
if grep -q -- "--mode" <<<"$ST_HELP" && grep -q "negative" <<<"$ST_HELP"; then
  MODE=(--mode all)
else
  echo "schemathesis: this version has no negative mode; valid data only" >&2
fi
PHASES=examples,coverage,fuzzing
if grep -q "stateful" <<<"$ST_HELP"; then
  PHASES="$PHASES,stateful"
else
  echo "schemathesis: this version has no stateful phase" >&2
fi

# Signing out would revoke the fuzzer's own token, and the token endpoint is sign-in itself
# (fuzzed on its own below, anonymously, with invalid data); everything else is fuzzed.
COMMON=(
  "$BASE/api/schema/" --url "$BASE"
  --max-examples "$EXAMPLES" --max-time "$SECONDS_PER_ROLE"
  --phases "$PHASES" "${MODE[@]}"
  --exclude-path /api/v1/auth/logout/ --exclude-path /api/v1/auth/token/
  --generation-database none --seed "${FUZZ_SEED:-20261125}"
  --request-timeout 30 --workers 1 --no-color --output-truncate true
  --suppress-health-check all --warnings off
)
CHECKS=not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance

status=0
# delta.caseworker is a partner: it reads mekong's cases through a narrowed narratives grant
# (sharing_policies/demo.py), so the case schemas are checked for a partner's view too.
for user in mekong.caseworker mekong.admin delta.caseworker network.coordinator; do
  echo "=== schemathesis: $user"
  token="$(token_for "$user")"
  "$ST" run "${COMMON[@]}" --checks "$CHECKS" -H "Authorization: Token $token" \
    --report junit --report-junit-path "${FUZZ_REPORT_DIR:-$WORK}/schemathesis-$user.xml" ||
    status=1
done
echo "=== schemathesis: anonymous"
"$ST" run "${COMMON[@]}" --checks not_a_server_error,status_code_conformance || status=1

if [ ${#MODE[@]} -gt 0 ]; then
  echo "=== schemathesis: sign-in endpoint, anonymous, invalid data only"
  "$ST" run "$BASE/api/schema/" --url "$BASE" --include-path /api/v1/auth/token/ \
    --mode negative --phases examples,coverage,fuzzing --max-examples "$EXAMPLES" \
    --max-time "${FUZZ_SIGNIN_SECONDS:-60}" --generation-database none --seed "${FUZZ_SEED:-20261125}" \
    --request-timeout 30 --workers 1 --no-color --output-truncate true \
    --suppress-health-check all --warnings off --checks not_a_server_error || status=1
fi

# Bodies no schema describes, against the live server with DEBUG off: each must be a 4xx.
echo "=== hostile bodies (curl)"
hostile() {  # expected-status description curl-arguments...
  local expected="$1" what="$2"
  shift 2
  local got
  got="$(curl -s -o /dev/null -w '%{http_code}' "$@")"
  if [ "$got" != "$expected" ]; then
    echo "hostile: $what answered $got, expected $expected" >&2
    status=1
  else
    echo "hostile: $what -> $got"
  fi
}
DEEP="$("$PY" -c 'print("[" * 3000 + "]" * 3000)')"
# Under gunicorn's 4,094-byte request line, over DATA_UPLOAD_MAX_NUMBER_FIELDS (1,000).
MANY_QUERY="$("$PY" -c 'print("&".join(["a"] * 1100))')"
MANY="$("$PY" -c 'print("&".join(f"f{i}=1" for i in range(5000)))')"
hostile 400 "3,000-deep JSON to the sign-in endpoint" -X POST "$BASE/api/v1/auth/token/" \
  -H 'Content-Type: application/json' --data-binary "$DEEP"
hostile 400 "3,000-deep JSON, signed in" -X POST "$BASE/api/v1/access-requests/" \
  -H "Authorization: Token $(token_for mekong.admin)" -H 'Content-Type: application/json' \
  --data-binary "$DEEP"
hostile 400 "1,100 query parameters on the API" "$BASE/api/v1/cases/?$MANY_QUERY" \
  -H "Authorization: Token $(token_for mekong.caseworker)"
hostile 400 "5,000 form fields to the web sign-in" -X POST "$BASE/login/" --data-binary "$MANY"
hostile 404 "a path out of /static/" --path-as-is "$BASE/static/%2e%2e/fuzz.sqlite3"

if grep -q '" 5[0-9][0-9] ' "$WORK/server.log"; then
  echo "schemathesis: the server answered 5xx:" >&2
  grep '" 5[0-9][0-9] ' "$WORK/server.log" >&2 || true
  status=1
fi
exit "$status"
