#!/usr/bin/env bash
# End-to-end test in a real VS Code (code-server, headless Chromium), per shared/vscode-e2e.md.
# Installs code-server@4.99.4 into .e2e/ once, packages the extension, runs the Playwright driver, always stops
# code-server (and with it the extension host and the engine). Uses the engine jar when it has been built
# (../server/target/trestle-server.jar), otherwise the protocol fake in test/fixtures (said loudly).
set -euo pipefail

EXT_DIR="$(cd "$(dirname "$0")/.." && pwd)"
E2E="$EXT_DIR/.e2e"
CS_VERSION=4.99.4
PORT="${TRESTLE_E2E_PORT:-18731}"
JAR="$EXT_DIR/../server/target/trestle-server.jar"
mkdir -p "$E2E/screenshots"

need() { command -v "$1" >/dev/null 2>&1; }
if ! need chromium || ! need rg; then
  if [ "$(id -u)" = 0 ] && need apt-get; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium ripgrep libkrb5-dev
  else
    echo "e2e: needs the Debian packages chromium ripgrep libkrb5-dev (apt-get install -y chromium ripgrep libkrb5-dev)" >&2
    exit 1
  fi
fi

# One-time code-server install (its @vscode/ripgrep would download rg: feed it Debian's rg from its cache instead).
CS_HOME="$E2E/code-server"
CS_BIN="$CS_HOME/node_modules/.bin/code-server"
if [ ! -x "$CS_BIN" ]; then
  echo "e2e: installing code-server@$CS_VERSION into $CS_HOME (one time, about a minute)"
  mkdir -p "$CS_HOME" "$E2E/tmp"
  export TMPDIR="$E2E/tmp"
  for cache in vscode-ripgrep-cache-1.15.11 vscode-ripgrep-cache-1.15.10 vscode-ripgrep-cache-1.15.9; do
    mkdir -p "$TMPDIR/$cache/rgtmp"
    cp /usr/bin/rg "$TMPDIR/$cache/rgtmp/rg"
    for rgv in v13.0.0-10 v13.0.0-13 v13.0.0-4; do
      tar -czf "$TMPDIR/$cache/ripgrep-$rgv-x86_64-unknown-linux-musl.tar.gz" -C "$TMPDIR/$cache/rgtmp" rg
    done
  done
  [ -f "$CS_HOME/package.json" ] || echo '{"name":"trestle-e2e-code-server","private":true}' > "$CS_HOME/package.json"
  # code-server's postinstall builds native modules (node-pty, argon2, ...) in nested folders; npm >= 11.x blocks
  # dependency install scripts unless allowed, so allow them for this isolated tooling folder only.
  (cd "$CS_HOME" && npm_config_unsafe_perm=true npm_config_yes=true npm_config_dangerously_allow_all_scripts=true \
    npm install --no-audit --no-fund "code-server@$CS_VERSION")
  unset TMPDIR
fi

# Package the extension.
cd "$EXT_DIR"
DEV_ENGINE=""
if [ -f "$JAR" ]; then
  npm run -s prepackage
  echo "e2e: using the engine jar $JAR"
else
  rm -f server/trestle-server.jar
  DEV_ENGINE="$EXT_DIR/test/fixtures/fake-engine.mjs"
  echo "e2e: WARNING engine jar not built ($JAR): running against the protocol fake $DEV_ENGINE"
fi
npx vsce package --no-dependencies --skip-license --allow-missing-repository -o "$E2E/trestle.vsix" >/dev/null

# Fresh folders for this run.
RUN="$E2E/run-$(date +%Y%m%d-%H%M%S)-$$"
mkdir -p "$RUN"/{ud/User,ext,config,data,cache,tmp,workspace,chrome}
cat > "$RUN/ud/User/settings.json" <<JSON
{
  "workbench.startupEditor": "none",
  "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "workbench.tips.enabled": false,
  "trestle.allowCustomEndpoints": true,
  "trestle.trace.server": "verbose"
}
JSON
# Engine settings: every provider routed to a closed loopback port, so nothing can leave the machine.
mkdir -p "$RUN/config/trestle"
cat > "$RUN/config/trestle/settings.json" <<JSON
{"schema_version": 1, "providers": {
  "openai": {"enabled": true, "endpoint": {"base_url": "https://localhost:9"}},
  "anthropic": {"enabled": true, "endpoint": {"base_url": "https://localhost:9"}},
  "google": {"enabled": true, "endpoint": {"base_url": "https://localhost:9"}},
  "mistral": {"enabled": true, "endpoint": {"base_url": "https://localhost:9"}}}}
JSON
head -c 20000 /dev/zero | tr '\0' 'x' > "$RUN/workspace/notes.txt"
echo "# Trestle e2e" > "$RUN/workspace/README.md"

# TMPDIR must be short: Chromium and code-server put unix sockets there (path limit 108 bytes).
RUN_TMP="$(mktemp -d /tmp/trestle-e2e.XXXXXX)"
export XDG_CONFIG_HOME="$RUN/config" XDG_DATA_HOME="$RUN/data" XDG_CACHE_HOME="$RUN/cache" TMPDIR="$RUN_TMP"
export TRESTLE_DEV_ENGINE_SCRIPT="$DEV_ENGINE"
[ -n "$DEV_ENGINE" ] || unset TRESTLE_DEV_ENGINE_SCRIPT

"$CS_BIN" --user-data-dir "$RUN/ud" --extensions-dir "$RUN/ext" --install-extension "$E2E/trestle.vsix" >"$RUN/install.log" 2>&1

cat > "$RUN/cs-config.yaml" <<YAML
bind-addr: 127.0.0.1:$PORT
auth: none
cert: false
YAML
setsid "$CS_BIN" --config "$RUN/cs-config.yaml" --user-data-dir "$RUN/ud" --extensions-dir "$RUN/ext" \
  --bind-addr "127.0.0.1:$PORT" --auth none --disable-telemetry --disable-update-check --disable-workspace-trust \
  "$RUN/workspace" >"$RUN/code-server.log" 2>&1 &
CS_PID=$!

stop() {
  if kill -0 "$CS_PID" 2>/dev/null; then
    kill -TERM "$CS_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do
      [ -z "$(pgrep -s "$CS_PID" 2>/dev/null)" ] && break
      sleep 0.2
    done
    if [ -n "$(pgrep -s "$CS_PID" 2>/dev/null)" ]; then
      kill -KILL -- "-$CS_PID" 2>/dev/null || true
    fi
  fi
  rm -rf "$RUN_TMP"
}
trap stop EXIT

for _ in $(seq 1 150); do
  if curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$CS_PID" 2>/dev/null; then echo "e2e: code-server died"; cat "$RUN/code-server.log"; exit 1; fi
  sleep 0.2
done

set +e
E2E_URL="http://127.0.0.1:$PORT/?folder=$RUN/workspace" E2E_RUN="$RUN" E2E_SCREENSHOTS="$E2E/screenshots" \
  E2E_WORKSPACE="$RUN/workspace" E2E_ENGINE="$([ -n "$DEV_ENGINE" ] && echo fake || echo jar)" \
  node "$EXT_DIR/scripts/e2e-driver.mjs"
RC=$?
set -e
echo "e2e: run folder $RUN, screenshots in $E2E/screenshots"
exit $RC
