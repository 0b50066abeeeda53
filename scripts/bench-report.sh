#!/usr/bin/env bash
# Runs the JMH suite on every backend that can run here and writes a report:
#   scripts/bench-report.sh [OUT_DIR] [JMH ARGS...]
# OUT_DIR (default runs/bench-DATE) receives jmh.json (raw JMH results), jmh.log, report.md and PNG charts.
# JMH ARGS replace nothing, they add: e.g. a benchmark pattern (EpochThroughput), -p backend=cpu,
# or -wi 1 -i 2 for a quick run. QUICK=1 adds "-wi 1 -i 3 -w 2s -r 2s".
# Needs: mvn -q -o -pl benchmarks -am package -DskipTests (or BENCH_JAR=path/to/benchmarks.jar).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out=${1:-$root/runs/bench-$(date +%Y%m%d-%H%M%S)}
shift $(( $# > 0 ? 1 : 0 ))
jar=${BENCH_JAR:-$root/benchmarks/target/benchmarks.jar}
[ -f "$jar" ] || { echo "error: $jar is not built; run: mvn -q -o -pl benchmarks -am package -DskipTests" >&2; exit 1; }
mkdir -p "$out"
quick=()
[ "${QUICK:-0}" = 1 ] && quick=(-wi 1 -i 3 -w 2s -r 2s)
java --add-modules jdk.incubator.vector -jar "$jar" -prof gc -rf json -rff "$out/jmh.json" "${quick[@]}" "$@" \
  2>&1 | grep -v --line-buffered 'Using incubator modules' | tee "$out/jmh.log"
[ -s "$out/jmh.json" ] || { echo "error: JMH wrote no results (see $out/jmh.log)" >&2; exit 1; }
java --add-modules jdk.incubator.vector -cp "$jar" org.mlpengine.bench.Report "$out" "$out/jmh.json" \
  2> >(grep -v 'Using incubator modules' >&2)
