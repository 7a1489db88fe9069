#!/usr/bin/env bash
# End-to-end test in a real VS Code (code-server, headless Chromium), per shared/vscode-e2e.md, against the REAL
# engine jar and the provider simulator (both built by `mvn -DskipTests package` at the repository root).
#
# Installs what it needs on a bare machine (Debian packages when root, code-server@4.99.4 into .e2e/ once), starts
# the provider simulator on loopback, seeds the engine's settings.json with the simulator's endpoints, packages the
# extension, runs code-server and the Playwright driver, and always stops code-server (with the extension host and
# the engine) and the simulator, also on failure or Ctrl-C.
#
# Environment:
#   TRESTLE_E2E_ENGINE=fake  run against the protocol fake test/fixtures/fake-engine.mjs instead of the jar
#                            (development only; the provider steps are skipped there).
#   TRESTLE_E2E_PORT         code-server port (default: a free loopback port).
#   E2E_PAUSE=1              start everything, print the URL and wait (for debugging a step by hand).
#   TRESTLE_E2E_NOJAVA=0     skip the last phase (the linux-x64 package with its bundled runtime, installed in a
#                            code-server that has no java on PATH and no JAVA_HOME).
set -euo pipefail

EXT_DIR="$(cd "$(dirname "$0")/.." && pwd)"
ROOT="$(cd "$EXT_DIR/.." && pwd)"
E2E="$EXT_DIR/.e2e"
CS_VERSION=4.99.4
PORT="${TRESTLE_E2E_PORT:-}"
JAR="$ROOT/server/target/trestle-server.jar"
SIM_JAR="$ROOT/cli/target/trestle.jar"
ENGINE_KIND="${TRESTLE_E2E_ENGINE:-jar}"

log() { echo "e2e: $*"; }
need() { command -v "$1" >/dev/null 2>&1; }

# ---- prerequisites --------------------------------------------------------------------------------------------
# Debian packages: the browser, ripgrep for code-server, Kerberos headers and a C++ toolchain for its native
# modules (node-pty, kerberos, argon2 build from source), curl for the health check, procps (pgrep) for the cleanup.
pkgs=()
need chromium || pkgs+=(chromium)
need rg || pkgs+=(ripgrep)
need curl || pkgs+=(curl)
need make || pkgs+=(make)
need g++ || pkgs+=(g++)
need python3 || pkgs+=(python3)
need pgrep || pkgs+=(procps)
if need dpkg && ! dpkg -s libkrb5-dev >/dev/null 2>&1; then pkgs+=(libkrb5-dev); fi
if [ ${#pkgs[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && need apt-get; then
    log "installing Debian packages ${pkgs[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
  else
    echo "e2e: needs the Debian packages ${pkgs[*]} (apt-get install -y ${pkgs[*]})" >&2
    exit 1
  fi
fi
need java || { echo "e2e: needs a Java 17+ runtime on PATH" >&2; exit 1; }

case "$ENGINE_KIND" in
  jar)
    for f in "$JAR" "$SIM_JAR"; do
      if [ ! -f "$f" ]; then
        echo "e2e: $f is missing: run 'mvn -q -DskipTests package' at the repository root first" >&2
        exit 1
      fi
    done ;;
  fake) log "WARNING: TRESTLE_E2E_ENGINE=fake, running against the protocol fake, not the engine" ;;
  *) echo "e2e: TRESTLE_E2E_ENGINE must be 'jar' or 'fake'" >&2; exit 1 ;;
esac

# Extension dependencies (playwright-core, vsce) come from the lock file.
[ -x "$EXT_DIR/node_modules/.bin/vsce" ] || (cd "$EXT_DIR" && npm ci --no-audit --no-fund)

# One-time code-server install (its @vscode/ripgrep would download rg: feed it Debian's rg from its cache instead).
CS_HOME="$E2E/code-server"
CS_BIN="$CS_HOME/node_modules/.bin/code-server"
mkdir -p "$E2E/screenshots"
if [ ! -x "$CS_BIN" ]; then
  log "installing code-server@$CS_VERSION into $CS_HOME (one time, about a minute)"
  mkdir -p "$CS_HOME" "$E2E/tmp"
  (
    export TMPDIR="$E2E/tmp"
    for cache in vscode-ripgrep-cache-1.15.11 vscode-ripgrep-cache-1.15.10 vscode-ripgrep-cache-1.15.9; do
      mkdir -p "$TMPDIR/$cache/rgtmp"
      cp /usr/bin/rg "$TMPDIR/$cache/rgtmp/rg"
      for rgv in v13.0.0-10 v13.0.0-13 v13.0.0-4; do
        tar -czf "$TMPDIR/$cache/ripgrep-$rgv-x86_64-unknown-linux-musl.tar.gz" -C "$TMPDIR/$cache/rgtmp" rg
      done
    done
    [ -f "$CS_HOME/package.json" ] || echo '{"name":"trestle-e2e-code-server","private":true}' > "$CS_HOME/package.json"
    # code-server's postinstall builds native modules (node-pty, argon2, ...) in nested folders; npm >= 11 blocks
    # dependency install scripts unless allowed, so allow them for this isolated tooling folder only.
    cd "$CS_HOME"
    npm_config_unsafe_perm=true npm_config_yes=true npm_config_dangerously_allow_all_scripts=true \
      npm install --no-audit --no-fund --loglevel=error "code-server@$CS_VERSION"
  )
fi

# ---- package ----------------------------------------------------------------------------------------------------
cd "$EXT_DIR"
DEV_ENGINE=""
if [ "$ENGINE_KIND" = jar ]; then
  npm run -s prepackage
  log "engine: $JAR"
else
  rm -f server/trestle-server.jar
  DEV_ENGINE="$EXT_DIR/test/fixtures/fake-engine.mjs"
fi
npx vsce package --no-dependencies --allow-missing-repository --no-rewrite-relative-links -o "$E2E/trestle.vsix" >/dev/null

# ---- fresh folders for this run ------------------------------------------------------------------------------
# Keep the last few runs (their logs and engine data) for inspection, drop older ones.
{ ls -1dt "$E2E"/run-* 2>/dev/null || true; } | tail -n +4 | xargs -r rm -rf
RUN="$E2E/run-$(date +%Y%m%d-%H%M%S)-$$"
mkdir -p "$RUN"/{ud/User,ext,config/trestle,data,cache,workspace,chrome}
# TMPDIR must be short: Chromium and code-server put unix sockets there (path limit 108 bytes).
RUN_TMP="$(mktemp -d /tmp/trestle-e2e.XXXXXX)"
CS_PID=""
SIM_PID=""
DRIVER_PID=""

# Stops a process started with setsid and everything in its session: TERM, wait, then KILL what is left.
stop_session() {
  local pid="$1" what="$2"
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do
    [ -z "$(pgrep -s "$pid" 2>/dev/null)" ] && return 0
    sleep 0.2
  done
  log "$what did not stop on TERM: killing its process group"
  kill -KILL -- "-$pid" 2>/dev/null || true
}
cleanup() {
  trap '' INT TERM # a second signal must not cut the cleanup short
  if [ -n "${DRIVER_PID:-}" ]; then kill -TERM "$DRIVER_PID" 2>/dev/null || true; wait "$DRIVER_PID" 2>/dev/null || true; fi
  stop_session "$CS_PID" code-server
  stop_session "$SIM_PID" "provider simulator"
  rm -rf "$RUN_TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- provider simulator --------------------------------------------------------------------------------------
SIM_URL=""
if [ "$ENGINE_KIND" = jar ]; then
  setsid java -XX:-UsePerfData -cp "$SIM_JAR" dev.trestle.simulator.SimulatorMain --port 0 --ca "$RUN/simulator-ca.pem" \
    >"$RUN/simulator.log" 2>&1 &
  SIM_PID=$!
  # The simulator prints its URL, the CA path and then the settings.json "providers" block (pretty JSON).
  for _ in $(seq 1 150); do
    if node -e '
      const t = require("fs").readFileSync(process.argv[1], "utf8");
      const i = t.indexOf("{", t.indexOf("settings.json"));
      if (i < 0) process.exit(1);
      const providers = JSON.parse(t.slice(i));
      const url = /listening on (https:\/\/\S+)/.exec(t)[1];
      const settings = { schema_version: 1, providers };
      require("fs").writeFileSync(process.argv[2], JSON.stringify(settings, null, 2));
      console.log(url);' "$RUN/simulator.log" "$RUN/config/trestle/settings.json" >"$RUN/simulator.url" 2>/dev/null; then
      SIM_URL="$(cat "$RUN/simulator.url")"
      break
    fi
    kill -0 "$SIM_PID" 2>/dev/null || { log "provider simulator died"; cat "$RUN/simulator.log"; exit 1; }
    sleep 0.2
  done
  [ -n "$SIM_URL" ] || { log "provider simulator did not start"; cat "$RUN/simulator.log"; exit 1; }
  log "provider simulator at $SIM_URL"
else
  # Every provider routed to a closed loopback port, so nothing can leave the machine.
  cat > "$RUN/config/trestle/settings.json" <<JSON
{"schema_version": 1, "providers": {
  "openai": {"endpoint": {"base_url": "https://localhost:9"}},
  "anthropic": {"endpoint": {"base_url": "https://localhost:9"}},
  "google": {"endpoint": {"base_url": "https://localhost:9"}},
  "mistral": {"endpoint": {"base_url": "https://localhost:9"}}}}
JSON
fi

cat > "$RUN/ud/User/settings.json" <<JSON
{
  "workbench.startupEditor": "none",
  "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "extensions.ignoreRecommendations": true,
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "chat.commandCenter.enabled": false,
  "git.enabled": false,
  "trestle.allowCustomEndpoints": true,
  "trestle.trace.server": "verbose"
}
JSON
head -c 20000 /dev/zero | tr '\0' 'x' > "$RUN/workspace/notes.txt"
echo "# Trestle e2e" > "$RUN/workspace/README.md"

export XDG_CONFIG_HOME="$RUN/config" XDG_DATA_HOME="$RUN/data" XDG_CACHE_HOME="$RUN/cache" TMPDIR="$RUN_TMP"
if [ -n "$DEV_ENGINE" ]; then export TRESTLE_DEV_ENGINE_SCRIPT="$DEV_ENGINE"; else unset TRESTLE_DEV_ENGINE_SCRIPT; fi
unset TRESTLE_DATA_DIR

# ---- code-server -----------------------------------------------------------------------------------------------
if [ -z "$PORT" ]; then
  PORT="$(node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });')"
fi
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
CS_UP=""
for _ in $(seq 1 300); do
  if curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; then CS_UP=1; break; fi
  if ! kill -0 "$CS_PID" 2>/dev/null; then log "code-server died"; cat "$RUN/code-server.log"; exit 1; fi
  sleep 0.2
done
[ -n "$CS_UP" ] || { log "code-server did not answer on 127.0.0.1:$PORT"; cat "$RUN/code-server.log"; exit 1; }

export E2E_URL="http://127.0.0.1:$PORT/?folder=$RUN/workspace" E2E_RUN="$RUN" E2E_SCREENSHOTS="$E2E/screenshots" \
  E2E_WORKSPACE="$RUN/workspace" E2E_ENGINE="$ENGINE_KIND" E2E_SIM_URL="$SIM_URL" E2E_SIM_CA="$RUN/simulator-ca.pem" \
  E2E_ENGINE_DATA="$RUN/config/trestle"
if [ "${E2E_PAUSE:-}" = 1 ]; then
  log "paused: open $E2E_URL (run folder $RUN); Ctrl-C or TERM to stop"
  wait "$CS_PID" || true
  exit 0
fi

rm -f "$E2E"/screenshots/*.png
# In the background, so a TERM to this script runs the cleanup at once (Playwright closes its browser on TERM).
set +e
node "$EXT_DIR/scripts/e2e-driver.mjs" &
DRIVER_PID=$!
wait "$DRIVER_PID"
RC=$?
DRIVER_PID=""
set -e
log "run folder $RUN, screenshots in $E2E/screenshots"
[ "$RC" = 0 ] || exit "$RC"

# ---- Java-less install: the linux-x64 package carries a jlink runtime; nothing else provides Java ---------------
if [ "$ENGINE_KIND" = jar ] && [ "${TRESTLE_E2E_NOJAVA:-1}" = 1 ] && [ "$(uname -s -m)" = "Linux x86_64" ]; then
  stop_session "$CS_PID" code-server
  CS_PID=""
  log "Java-less install: packaging the linux-x64 .vsix with a bundled runtime"
  bash "$EXT_DIR/scripts/package-platform.sh" linux-x64 "$E2E/trestle-linux-x64.vsix" >"$RUN/package-platform.log" 2>&1 \
    || { cat "$RUN/package-platform.log"; exit 1; }
  NJ="$RUN/nojava"
  mkdir -p "$NJ"/{ud/User,ext,config,data,cache,workspace,chrome,bin}
  # A PATH with every tool of this one except the JDK's (whatever resolves into a JVM folder).
  IFS=: read -r -a dirs <<<"$PATH"
  for d in "${dirs[@]}"; do
    for f in "$d"/*; do
      n="$(basename "$f")"
      [ -e "$NJ/bin/$n" ] || [ ! -x "$f" ] && continue
      case "$(readlink -f "$f")" in */jvm/*|*/jdk*/bin/*|*/jre/bin/*) continue ;; esac
      ln -s "$f" "$NJ/bin/$n"
    done
  done
  if env -u JAVA_HOME PATH="$NJ/bin" bash -c 'command -v java' >/dev/null 2>&1; then
    log "Java-less install: java is still on the reduced PATH"; exit 1
  fi
  cp "$RUN/ud/User/settings.json" "$NJ/ud/User/settings.json"
  env -u JAVA_HOME PATH="$NJ/bin" "$CS_BIN" --user-data-dir "$NJ/ud" --extensions-dir "$NJ/ext" \
    --install-extension "$E2E/trestle-linux-x64.vsix" >"$NJ/install.log" 2>&1
  export XDG_CONFIG_HOME="$NJ/config" XDG_DATA_HOME="$NJ/data" XDG_CACHE_HOME="$NJ/cache"
  setsid env -u JAVA_HOME PATH="$NJ/bin" "$CS_BIN" --config "$RUN/cs-config.yaml" --user-data-dir "$NJ/ud" \
    --extensions-dir "$NJ/ext" --bind-addr "127.0.0.1:$PORT" --auth none --disable-telemetry --disable-update-check \
    --disable-workspace-trust "$NJ/workspace" >"$NJ/code-server.log" 2>&1 &
  CS_PID=$!
  CS_UP=""
  for _ in $(seq 1 300); do
    if curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; then CS_UP=1; break; fi
    if ! kill -0 "$CS_PID" 2>/dev/null; then log "code-server (no Java) died"; cat "$NJ/code-server.log"; exit 1; fi
    sleep 0.2
  done
  [ -n "$CS_UP" ] || { log "code-server (no Java) did not answer"; exit 1; }
  set +e
  E2E_MODE=nojava E2E_URL="http://127.0.0.1:$PORT/?folder=$NJ/workspace" E2E_RUN="$NJ" E2E_ENGINE_DATA="$NJ/config/trestle" \
    node "$EXT_DIR/scripts/e2e-driver.mjs" &
  DRIVER_PID=$!
  wait "$DRIVER_PID"
  RC=$?
  DRIVER_PID=""
  set -e
fi
exit $RC
