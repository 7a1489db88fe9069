#!/usr/bin/env bash
# Trestle benchmarks: builds the engine jar and benchmarks.jar (-Pbench), then runs, in one process run,
# the whole-process harness (engine over stdio vs cp -al, cp -r, git; latency; cold start; RSS; Workshop stream
# relay against the in-JVM provider simulator), the many-clients figures (CLI joining a running engine, notification
# fan-out to 5 clients) and, unless --no-jmh, the JMH in-process hot paths.
# Results: benchmarks/results/<date>/ (raw.csv, summary.csv, summary.md, jmh.csv, logs).
# Uses only bash, /usr/bin/time, the JDK, git and cp; nothing leaves the machine.
#
#   benchmarks/run.sh [--quick] [--no-jmh] [--no-build] [--reps N] [--big] [--java-opts "..."] [--plot]
#
#   --quick     fewer shapes and repetitions (about 2 minutes)
#   --big       also 10 000 × 1 MB files (about 40 GB of disk, opt-in)
#   --plot      a PNG of create/restore medians (installs gnuplot with apt-get if missing)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
quick=""; jmh=1; build=1; plot=0; pass=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) quick="--quick"; pass+=("--quick") ;;
    --no-jmh) jmh=0 ;;
    --no-build) build=0 ;;
    --plot) plot=1 ;;
    --reps) pass+=("--reps" "$2"); shift ;;
    --java-opts) pass+=("--java-opts" "$2"); shift ;;
    --big) pass+=("--big") ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
for tool in java git cp /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is required" >&2; exit 2; }
done
if [[ $build -eq 1 ]]; then
  (cd "$root" && mvn -q -o -Pbench -pl benchmarks,cli -am -DskipTests package)
fi
server_jar="$root/server/target/trestle-server.jar"
bench_jar="$here/target/benchmarks.jar"
out="$here/results/$(date +%Y-%m-%d_%H%M%S)"
work="$here/target/bench-work"
mkdir -p "$out"
{ echo "nproc: $(nproc)"; free -m | sed -n 2p; df -hT "$here" | sed -n 2p; java -version 2>&1 | head -1;
  git --version; cp --version | head -1; uname -sr; } > "$out/machine.txt"

java -cp "$bench_jar" dev.trestle.benchmarks.harness.ProcessBench \
  --server-jar "$server_jar" --out "$out" --work "$work" "${pass[@]}"

# issue 12: CLI latency with a running engine vs starting one, and notification fan-out to 5 clients
many_reps=15; [[ -n "$quick" ]] && many_reps=5
java -cp "$bench_jar" dev.trestle.benchmarks.harness.ManyClientsBench --server-jar "$server_jar" \
  --cli-jar "$root/cli/target/trestle.jar" --work "$work/many-clients" --reps "$many_reps" --out "$out/many-clients.md"

# issue 14: restore (one / every file differs) vs git reset --hard and cp -al + rename; first vs second FilesList
storage_reps=10; [[ -n "$quick" ]] && storage_reps=3
mkdir -p "$out/storage"
java -cp "$bench_jar" dev.trestle.benchmarks.harness.StorageBench --server-jar "$server_jar" \
  --work "$work/storage" --reps "$storage_reps" --out "$out/storage"

# issue 14 item 4: CheckpointsDiff of two 10 000-file checkpoints / vs current, per-file restore
compare_reps=20; [[ -n "$quick" ]] && compare_reps=5
java -cp "$bench_jar" dev.trestle.benchmarks.harness.CompareBench --server-jar "$server_jar" \
  --work "$work/compare" --reps "$compare_reps" --out "$out/storage"

if [[ $jmh -eq 1 ]]; then
  if [[ -n "$quick" ]]; then
    jmh_args=(-f 1 -wi 2 -i 3 -w 1s -r 1s -p files=10000 -p existing=10000 -p size=1024)
  else
    jmh_args=()
  fi
  java -jar "$bench_jar" "${jmh_args[@]}" -rf csv -rff "$out/jmh.csv" -o "$out/jmh.txt" \
    'dev.trestle.benchmarks.jmh.*'
  tail -n 40 "$out/jmh.txt"
fi

if [[ $plot -eq 1 ]]; then
  if ! command -v gnuplot >/dev/null; then
    apt-get install -y -q gnuplot-nox >/dev/null
  fi
  awk -F, 'NR>1 && ($1=="checkpoint"||$1=="restore") && ($2=="trestle_create"||$2=="cp_al"||$2=="git_commit_incremental"||$2=="trestle_restore") {print $2","$3","$5}' "$out/summary.csv" > "$out/plot.dat"
  gnuplot -e "set terminal png size 900,500; set output '$out/medians.png'; set datafile separator ',';
    set style data histogram; set logscale y; set ylabel 'median ms'; set xtics rotate by -30;
    plot '$out/plot.dat' using 3:xtic(sprintf('%s %s', strcol(1), strcol(2))) title 'median ms'"
fi
echo "results: $out/summary.md"
