#!/usr/bin/env bash
# The production image's build steps, without Docker (issue 23): read the Dockerfile, copy
# exactly what its COPY lines copy into a scratch /app, `pip install .` into a fresh virtual
# environment, then run the Dockerfile's own `collectstatic` RUN line with its ENV and
# build-time variables. Any error fails the script (and CI).
#
# Paths the image uses are mapped into the scratch directory (/app -> the copy, the data dir
# -> a private scratch dir), so nothing outside it is written. pip reaches only the package
# registry configured on this machine. Usage: scripts/check_production_build.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
PYTHON="${PYTHON:-python3}"
START=$(date +%s)

WORK="$(mktemp -d)"
chmod 700 "$WORK"
trap 'rm -rf "$WORK"' EXIT
APP="$WORK/app"
mkdir -p "$APP" "$WORK/data"

# The Dockerfile as data: ENV pairs, COPY sources/destinations, the collectstatic RUN line.
"$PYTHON" - "$ROOT/Dockerfile" "$WORK" <<'PY'
import shlex, sys
from pathlib import Path

dockerfile, work = Path(sys.argv[1]), Path(sys.argv[2])
logical, current = [], ""
for raw in dockerfile.read_text().splitlines():
    line = raw.strip()
    if not current and (not line or line.startswith("#")):
        continue
    if line.startswith("#"):
        continue
    if line.endswith("\\"):
        current += line[:-1] + " "
        continue
    logical.append(current + line)
    current = ""

env, copies, build = {}, [], None
for instruction in logical:
    keyword, _, rest = instruction.partition(" ")
    keyword = keyword.upper()
    if keyword == "ENV":
        for pair in shlex.split(rest):
            name, _, value = pair.partition("=")
            env[name] = value
    elif keyword == "COPY":
        *sources, destination = shlex.split(rest)
        copies.append({"sources": sources, "destination": destination})
    elif keyword == "RUN" and "collectstatic" in rest:
        build = rest
    elif keyword == "WORKDIR" and rest.strip() != "/app":
        sys.exit(f"check_production_build: WORKDIR {rest} (expected /app); update this script")
if build is None:
    sys.exit("check_production_build: the Dockerfile runs no collectstatic")
(work / "copies.tsv").write_text(
    "".join(f"{s}\t{c['destination']}\n" for c in copies for s in c["sources"])
)
(work / "image.env").write_text("".join(f"{k}={v}\n" for k, v in env.items()))
(work / "build.sh").write_text(build + "\n")
PY

# COPY: the same files, into the scratch /app (nothing else of the tree is visible).
while IFS=$'\t' read -r source destination; do
  target="$APP/${destination#./}"
  case "$destination" in
    ./ | .) target="$APP/" ;;
    /*) target="$APP$destination" ;;
  esac
  if [ -d "$ROOT/$source" ]; then
    mkdir -p "$target"
    cp -R "$ROOT/$source/." "$target"
  else
    mkdir -p "$(dirname "$target")"
    cp "$ROOT/$source" "$target"
  fi
done <"$WORK/copies.tsv"
find "$APP" -name __pycache__ -prune -exec rm -rf {} +

echo "check_production_build: fresh venv, pip install . ($("$PYTHON" --version))"
"$PYTHON" -m venv "$WORK/venv"
if ! (cd "$APP" && "$WORK/venv/bin/python" -m pip install --no-cache-dir . >"$WORK/pip.log" 2>&1); then
  grep -v "^WARNING: Location" "$WORK/pip.log" | tail -n 40 >&2
  echo "check_production_build: pip install . failed" >&2
  exit 1
fi

# The image's ENV, with its paths mapped into the scratch directory, then the RUN line as is.
mapfile -t IMAGE_ENV <"$WORK/image.env"
mapped=()
for pair in "${IMAGE_ENV[@]}"; do
  value="${pair#*=}"
  value="${value/#\/var\/lib\/coord/$WORK/data}"
  value="${value/#\/app/$APP}"
  mapped+=("${pair%%=*}=$value")
done
BUILD="$(cat "$WORK/build.sh")"
echo "check_production_build: $BUILD" | sed -E 's/(KEY|SECRET[A-Z_]*)=[^ ]+/\1=.../g'
(
  cd "$APP"
  # A clean environment: only what the image has (its ENV, the venv's python first on PATH).
  env -i HOME="$WORK" PATH="$WORK/venv/bin:/usr/bin:/bin" "${mapped[@]}" \
    bash -euo pipefail -c "${BUILD//\/tmp\/build.sqlite3/$WORK/build.sqlite3}"
)

STATIC_ROOT_IN_IMAGE="$(sed -n 's/^COORD_STATIC_ROOT=//p' "$WORK/image.env")"
if [ -n "$STATIC_ROOT_IN_IMAGE" ]; then
  MANIFEST="$APP${STATIC_ROOT_IN_IMAGE#/app}/staticfiles.json"
  test -s "$MANIFEST" || { echo "check_production_build: no manifest at $MANIFEST" >&2; exit 1; }
fi
echo "check_production_build: ok in $(($(date +%s) - START)) s"
