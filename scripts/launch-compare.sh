#!/usr/bin/env bash
# Plain `java -jar` (which relaunches itself with the cpu backend's JVM options), `bin/mlp-engine`, and java given
# those options by hand (one JVM, no relaunch), run alternately: ROUNDS rounds of EPOCHS-epoch cpu training runs,
# the order rotating every round. Prints each run's median epoch and, per start, the median over rounds (also
# OUT_DIR/launch-compare.md). Needs the cli built.
#   scripts/launch-compare.sh [-r ROUNDS] [-e EPOCHS] [-o OUT_DIR] DATA_DIR
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds=5 epochs=20 out=""
while getopts "r:e:o:" opt; do
  case $opt in
    r) rounds=$OPTARG ;; e) epochs=$OPTARG ;; o) out=$OPTARG ;;
    *) sed -n '6p' "$0" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
data=${1:?usage: launch-compare.sh [-r ROUNDS] [-e EPOCHS] [-o OUT_DIR] DATA_DIR}
jar="$root/cli/target/mlp-engine.jar"
[ -f "$jar" ] || { echo "error: $jar is not built; run: ./mvnw -q -DskipTests package" >&2; exit 1; }
out=${out:-$root/runs/launch-compare-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$out"
by_hand=(--add-modules jdk.incubator.vector -XX:+UseSerialGC -XX:-TieredCompilation -XX:ObjectAlignmentInBytes=64)
if grep -qE '\[(madvise|always)\]' /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null; then
  by_hand+=(-XX:+UseTransparentHugePages)
fi
starts=("java -jar" "bin/mlp-engine" "flags by hand")
args=(train --backend cpu --epochs "$epochs" --data-dir "$data")

run() { # START ROUND: one training run; prints its median epoch
  local log="$out/$(tr ' /' '--' <<< "$1")-$2"
  case $1 in
    "java -jar") java -jar "$jar" "${args[@]}" --out "$log.run" > "$log.log" 2>&1 ;;
    "bin/mlp-engine") "$root/bin/mlp-engine" "${args[@]}" --out "$log.run" > "$log.log" 2>&1 ;;
    "flags by hand") java "${by_hand[@]}" -Dmlpengine.relaunch=false -jar "$jar" "${args[@]}" --out "$log.run" > "$log.log" 2>&1 ;;
  esac || { echo "error: $1 failed, see $log.log" >&2; exit 1; }
  rm -rf "$log.run"
  sed -n 's/^Median epoch: \([0-9.]*\) s.*/\1/p' "$log.log"
}

{
  echo "| round | start | median epoch (s) | load average | JVM line |"
  echo "| --- | --- | --- | --- | --- |"
} > "$out/launch-compare.md"
for r in $(seq 1 "$rounds"); do
  for i in 0 1 2; do
    start=${starts[$(((i + r - 1) % 3))]}
    load=$(cut -d' ' -f1 /proc/loadavg)
    med=$(run "$start" "$r")
    [ -n "$med" ] || exit 1
    line=$(grep -m1 '^JVM: ' "$out/$(tr ' /' '--' <<< "$start")-$r.log" | cut -c1-60)
    echo "| $r | $start | $med | $load | $line |" | tee -a "$out/launch-compare.md"
  done
done
{
  echo
  echo "| start | median over rounds of the run's median epoch (s) |"
  echo "| --- | --- |"
  for start in "${starts[@]}"; do
    med=$(awk -F' [|] ' -v s="$start" '$2 == s { print $3 }' "$out/launch-compare.md" | sort -n \
      | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }')
    echo "| $start | $med |"
  done
} | tee -a "$out/launch-compare.md"
