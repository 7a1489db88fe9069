#!/usr/bin/env bash
# Builds a platform-specific .vsix that carries a jlink-trimmed Java runtime for the engine, so the extension works
# on a machine without Java (`vsce package --target <target>`). The universal package (npm run package) stays as it
# is and finds Java as before.
#
#   scripts/package-platform.sh [TARGET] [OUT]     TARGET defaults to linux-x64, OUT to trestle-TARGET.vsix
#
# The runtime comes from the JDK running this script (`jlink` next to `java`, or $JAVA_HOME/bin/jlink); the modules
# the engine needs are read from the engine jar with `jdeps`. jlink builds a runtime for the platform of the JDK's
# `jmods`: for another target (win32-x64, darwin-arm64, linux-arm64, ...) point JLINK_JMODS at that platform's JDK
# `jmods` folder (same feature release) and run this on any machine, e.g.
#   JLINK_JMODS=/opt/jdk-17-win-x64/jmods scripts/package-platform.sh win32-x64
set -euo pipefail

EXT_DIR="$(cd "$(dirname "$0")/.." && pwd)"
TARGET="${1:-linux-x64}"
OUT="${2:-$EXT_DIR/trestle-$TARGET.vsix}"
JAR="$EXT_DIR/../server/target/trestle-server.jar"
RUNTIME="$EXT_DIR/server/jre"

JDK_BIN="${JAVA_HOME:+$JAVA_HOME/bin}"
[ -n "$JDK_BIN" ] && [ -x "$JDK_BIN/jlink" ] || JDK_BIN="$(dirname "$(readlink -f "$(command -v jlink)")")"
for tool in jlink jdeps; do
  [ -x "$JDK_BIN/$tool" ] || { echo "package-platform: $tool not found (needs a JDK 17+)" >&2; exit 1; }
done
[ -f "$JAR" ] || { echo "package-platform: $JAR is missing: run 'mvn -q -DskipTests package' at the repository root" >&2; exit 1; }

# Modules the engine uses (jdeps on the shaded jar), plus jdk.crypto.ec: a security provider found at run time (so
# jdeps cannot see it) that TLS to the providers needs for its elliptic-curve key exchange.
MODULES="$("$JDK_BIN/jdeps" --print-module-deps --ignore-missing-deps --multi-release 17 "$JAR"),jdk.crypto.ec"
echo "package-platform: modules $MODULES"
rm -rf "$RUNTIME"
JMODS_ARGS=()
[ -n "${JLINK_JMODS:-}" ] && JMODS_ARGS=(--module-path "$JLINK_JMODS")
"$JDK_BIN/jlink" "${JMODS_ARGS[@]}" --add-modules "$MODULES" --strip-debug --no-man-pages --no-header-files \
  --compress=2 --output "$RUNTIME"
# A class-data archive for the runtime's own classes makes the first start faster (as in a full JDK).
"$RUNTIME/bin/java" -Xshare:dump -XX:-UsePerfData >/dev/null 2>&1 || true
echo "package-platform: runtime $(du -sh "$RUNTIME" | cut -f1) in server/jre"

cleanup() { rm -rf "$RUNTIME"; }
trap cleanup EXIT
cd "$EXT_DIR"
npx vsce package --target "$TARGET" --no-dependencies --allow-missing-repository --no-rewrite-relative-links -o "$OUT" >/dev/null
echo "package-platform: $OUT ($(du -h "$OUT" | cut -f1))"
