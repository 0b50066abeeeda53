#!/usr/bin/env bash
# Counts the runs in which the JIT left the cpu kernels in slow code: RUNS rounds of a 50-epoch training run per JDK,
# the JDKs alternating within each round, each run a fresh `java -jar cli/target/mlp-engine.jar train --backend cpu`
# (the plain start a user types; the jar relaunches itself with its JVM flags). A run counts as stuck when the trainer
# printed its allocation warning on stderr (a warm epoch allocated more than 512 MB).
#   scripts/jit-runs.sh [-n RUNS] [-e EPOCHS] [-o OUT_DIR] DATA_DIR JAVA_HOME [JAVA_HOME...]
# Extra JVM options for every run: JIT_RUNS_JAVA_OPTS (e.g. a flag under test); another jar: JIT_RUNS_JAR. Prints a Markdown table (also
# OUT_DIR/jit-runs.md): per run the median and slowest epoch, the load average and the warning, then per JDK the
# number of runs with the warning and the median of the runs' median epochs. Needs jq; the cli built.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs=20 epochs=50 out=""
while getopts "n:e:o:" opt; do
  case $opt in
    n) runs=$OPTARG ;; e) epochs=$OPTARG ;; o) out=$OPTARG ;;
    *) sed -n '6p' "$0" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -ge 2 ] || { sed -n '6p' "$0" >&2; exit 2; }
data=$1
shift
jar=${JIT_RUNS_JAR:-$root/cli/target/mlp-engine.jar}
[ -f "$jar" ] || { echo "error: $jar is not built; run: ./mvnw -q -DskipTests package" >&2; exit 1; }
command -v jq >/dev/null || { echo "error: needs jq" >&2; exit 1; }
out=${out:-$root/runs/jit-runs-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$out"
table="$out/jit-runs.md"

{
  echo "| round | JDK | median epoch (s) | slowest warm epoch (s) | load average | allocation warning |"
  echo "| --- | --- | --- | --- | --- | --- |"
} > "$table"
for r in $(seq 1 "$runs"); do
  for home in "$@"; do
    name=$("$home/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p')
    log="$out/run-$r-$(basename "$home")"
    load=$(cut -d' ' -f1 /proc/loadavg)
    # shellcheck disable=SC2086  # JIT_RUNS_JAVA_OPTS is a list of options
    if ! "$home/bin/java" ${JIT_RUNS_JAVA_OPTS:-} -jar "$jar" train --backend cpu --epochs "$epochs" --json \
        --data-dir "$data" --out "$log.run" > "$log.json" 2> "$log.err"; then
      echo "error: run $r on $home failed, see $log.err" >&2
      exit 1
    fi
    med=$(jq -s '[.[] | select(.type == "epoch") | .epochSeconds] | sort | .[length / 2 | floor]' "$log.json")
    worst=$(jq -s '[.[] | select(.type == "epoch" and .epoch > 2) | .epochSeconds] | max' "$log.json")
    warning=$(grep -m1 '^warning: epoch' "$log.err" | cut -c1-60 || true)
    rm -rf "$log.run"
    printf '| %d | %s | %.3f | %.3f | %s | %s |\n' "$r" "$name" "$med" "$worst" "$load" "${warning:-none}" | tee -a "$table"
  done
done
{
  echo
  echo "| JDK | runs | runs with the warning | median of the runs' median epochs (s) |"
  echo "| --- | --- | --- | --- |"
  for name in $(sed -n 's/^| [0-9]* | \([^ ]*\) .*/\1/p' "$table" | sort -u); do
    rows=$(awk -F' [|] ' -v jdk="$name" '$2 == jdk' "$table")
    n=$(wc -l <<< "$rows")
    w=$(grep -vc '| none |$' <<< "$rows" || true)
    meds=$(cut -d'|' -f4 <<< "$rows" | sort -n)
    med=$(awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }' <<< "$meds")
    echo "| $name | $n | $w | $med |"
  done
} | tee -a "$table"
echo "table: $table"
