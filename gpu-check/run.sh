#!/usr/bin/env bash
# The GPU check, run from the unpacked bundle (no network, no JDK needed):
#   ./run.sh [--backend cuda|cpu|opencl] [--epochs N] [--min-accuracy PERCENT] RESULTS_DIR
# --backend cuda (the default) is the check proper, on an NVIDIA machine. cpu and opencl are dry runs of the same
# steps through the same jlinked runtime on any machine (CI runs both), with few epochs and a short benchmark.
# Steps: 0. the bundle's java starts (exit 4 if not); 1. the backend is available (exit 3 if not); 2. each test jar
# in tests/ (one module's tests: JUnit assumptions skip what cannot run here); 3. the seed's MLP trained on the
# backend (cuda: 50 epochs, test accuracy >= 94.0 %) and 4. on cpu with the same seed: the two accuracies agree
# within 0.3 points; 5. epoch-throughput benchmark, the backend against cpu at batch 100 and 1000.
# Logs, JUnit XML and run folders go to RESULTS_DIR; a table is printed last. Exits 1 if any step failed.
# The whole check stays near 8 minutes: each step gets at most its own cap and what is left of the total,
# but never less than its minimum.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)

usage() { echo "usage: run.sh [--backend cuda|cpu|opencl] [--epochs N] [--min-accuracy PERCENT] RESULTS_DIR" >&2; exit 2; }
BACKEND=cuda EPOCHS="" MIN_ACCURACY="" OUT=""
while [ $# -gt 0 ]; do
    case "$1" in
        --backend) [ $# -ge 2 ] || usage; BACKEND=$2; shift 2 ;;
        --epochs) [ $# -ge 2 ] || usage; EPOCHS=$2; shift 2 ;;
        --min-accuracy) [ $# -ge 2 ] || usage; MIN_ACCURACY=$2; shift 2 ;;
        -h|--help) usage ;;
        -*) echo "run.sh: unknown option $1" >&2; usage ;;
        *) [ -z "$OUT" ] || usage; OUT=$1; shift ;;
    esac
done
[ -n "$OUT" ] || usage
case "$BACKEND" in cuda|cpu|opencl) ;; *) echo "run.sh: --backend must be cuda, cpu or opencl, got '$BACKEND'" >&2; exit 2 ;; esac
# On the machine that has the device, a test of that backend must run: skipped for want of it is a failure.
[ "$BACKEND" = cpu ] || export MLPENGINE_REQUIRE="$BACKEND"
[ -z "$EPOCHS" ] || [[ "$EPOCHS" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --epochs must be a positive integer" >&2; exit 2; }
[ -z "$MIN_ACCURACY" ] || [[ "$MIN_ACCURACY" =~ ^[0-9]+(\.[0-9]+)?$ ]] \
    || { echo "run.sh: --min-accuracy must be a percentage such as 94.0" >&2; exit 2; }

if [ "$BACKEND" = cuda ]; then
    EPOCHS=${EPOCHS:-50}
    MIN_ACCURACY=${MIN_ACCURACY:-94.0}
    BENCH_BATCHES=100,1000
    BENCH_TIMES=(-w 2s -r 2s -wi 1 -i 3)
else
    # Dry run: enough to exercise every step; two epochs of the seed's MLP reach 85.4 % (seed 123).
    EPOCHS=${EPOCHS:-2}
    MIN_ACCURACY=${MIN_ACCURACY:-80.0}
    BENCH_BATCHES=1000
    BENCH_TIMES=(-w 1s -r 1s -wi 1 -i 1)
fi
# Same seed, same data: the backend and cpu may differ only by float rounding.
MAX_ACCURACY_GAP=0.3
BENCH_BACKENDS=$BACKEND
[ "$BACKEND" = cpu ] || BENCH_BACKENDS=$BACKEND,cpu

OUT=$(realpath -m "$OUT")
mkdir -p "$OUT/tmp" || exit 2
JAVA=$HERE/runtime/bin/java
CP="$HERE/lib/*"
# JCuda and JOCL unpack their native libraries into java.io.tmpdir.
TMP_OPT=-Djava.io.tmpdir=$OUT/tmp
# As the launcher (bin/mlp-engine) for training, as surefire for the tests.
TRAIN_OPTS=(--add-modules jdk.incubator.vector -XX:+UseSerialGC -XX:-TieredCompilation -XX:ObjectAlignmentInBytes=64 "$TMP_OPT")
TEST_OPTS=(--add-modules jdk.incubator.vector -Xss4m -XX:ObjectAlignmentInBytes=64 "$TMP_OPT")
TOTAL_S=470
START=$(date +%s)
ROWS=()
FAILED_LOGS=()
PASSED=0 FAILED=0 SKIPPED=0

# row STEP STATUS SECONDS RESULT [LOG]: printed now and in the table; a FAIL makes the script exit 1, and the
# end of its LOG is shown after the table (CI keeps no results folder).
row() {
    ROWS+=("$(printf '%-24s %-6s %5ss  %s' "$1" "$2" "$3" "$4")")
    echo "[run.sh] ${ROWS[-1]}"
    case "$2" in
        ok) PASSED=$((PASSED + 1)) ;;
        skip) SKIPPED=$((SKIPPED + 1)) ;;
        *) FAILED=$((FAILED + 1)); [ -z "${5:-}" ] || FAILED_LOGS+=("$5") ;;
    esac
}

# The failures section of a JUnit log, else the log's last lines.
show_log() {
    echo
    echo "--- $1 ---"
    if grep -q '^Failures (' "$1" 2>/dev/null; then
        sed -n '/^Failures (/,/^Test run finished/p' "$1" | head -80
    else
        tail -25 "$1" 2>/dev/null
    fi
}

# limit CAP MIN: seconds a step may take: its cap, cut to what is left of TOTAL_S, but at least MIN.
limit() {
    local left=$((TOTAL_S - ($(date +%s) - START)))
    local t=$(( left < $1 ? left : $1 ))
    echo $(( t < $2 ? $2 : t ))
}

# timed CAP MIN LOG CMD...: runs CMD under its time limit (the log's first line), output to LOG; returns its
# status (124: timed out).
timed() {
    local t
    t=$(limit "$1" "$2")
    local log=$3
    shift 3
    echo "[run.sh] time limit ${t}s: $*" > "$log"
    timeout -k 10 "$t" "$@" >> "$log" 2>&1
    local rc=$?
    [ $rc -ne 124 ] && [ $rc -ne 137 ] || echo "[run.sh] timed out after ${t}s" >> "$log"
    return $rc
}

table() {
    echo
    echo "== GPU check summary, backend $BACKEND ($(cat "$HERE/COMMIT" 2>/dev/null || echo '?'), results in $OUT) =="
    printf '%-24s %-6s %6s  %s\n' step status time result
    printf '%s\n' "${ROWS[@]}"
    rm -rf "$OUT/tmp"
}

# finish CODE MESSAGE: prints the table, the verdict and the step counts, exits.
finish() {
    table
    for log in ${FAILED_LOGS[@]+"${FAILED_LOGS[@]}"}; do
        show_log "$log"
    done
    echo
    echo "$2"
    echo "steps: $PASSED passed, $FAILED failed, $SKIPPED skipped"
    exit "$1"
}

info() { sed -n "s/^$1=//p" "$HERE/BUILD-INFO" 2>/dev/null; }

# 0. The runtime is a jlinked JDK built on another machine: it needs that machine's CPU architecture and at
#    least its glibc. Say so plainly if it does not start, instead of every later step failing.
t0=$SECONDS
if "$JAVA" -version > "$OUT/java-version.txt" 2>&1; then
    row java ok $((SECONDS - t0)) "$(head -1 "$OUT/java-version.txt")"
else
    why=$(grep -v '^$' "$OUT/java-version.txt" | head -1)
    host_glibc=$(getconf GNU_LIBC_VERSION 2>/dev/null | awk '{print $2}')
    needs_glibc=$(info glibc)
    hint="built for $(info arch) Linux with glibc >= ${needs_glibc:-?}; this host: $(uname -m), glibc ${host_glibc:-unknown}"
    if [ -n "$host_glibc" ] && [ -n "$needs_glibc" ] \
        && [ "$(printf '%s\n%s\n' "$host_glibc" "$needs_glibc" | sort -V | head -1)" != "$needs_glibc" ]; then
        hint="$hint: glibc too old; rebuild the bundle with a JDK built for older glibc (BUNDLE_JDK, see README)"
    fi
    row java FAIL $((SECONDS - t0)) "runtime/bin/java does not start: ${why:-no output}"
    finish 4 "GPU check stopped: the bundle's Java runtime does not start on this host ($hint)"
fi

command -v nvidia-smi > /dev/null && nvidia-smi > "$OUT/nvidia-smi.txt" 2>&1

# 1. The backend must be available; the probe lists every backend with its devices or why it cannot run.
t0=$SECONDS
timed 60 30 "$OUT/probe.txt" "$JAVA" "${TEST_OPTS[@]}" -cp "$CP" org.mlpengine.gpucheck.Probe "$BACKEND"
probe=$?
tail -n +2 "$OUT/probe.txt" | grep -v 'incubator modules'
if [ $probe -eq 3 ]; then
    reason=$(sed -n "s/^$BACKEND: unavailable: //p" "$OUT/probe.txt")
    row probe FAIL $((SECONDS - t0)) "$BACKEND unavailable: ${reason:-see probe.txt}"
    finish 3 "GPU check stopped: $BACKEND unavailable: ${reason:-see $OUT/probe.txt}"
elif [ $probe -ne 0 ]; then
    row probe FAIL $((SECONDS - t0)) "the probe itself failed (exit $probe), see probe.txt" "$OUT/probe.txt"
    finish 1 "GPU check stopped: the probe failed (exit $probe), see $OUT/probe.txt"
fi
row probe ok $((SECONDS - t0)) "$(grep -A1 "^$BACKEND: available" "$OUT/probe.txt" | tail -1 | sed 's/^ *//')"

# 2. One step per test jar: a module's tests, found by scanning its jar (no class names here). JUnit's launcher
#    runs on the JVM's own class path, so tests that start a child JVM with java.class.path work; each step runs
#    in its own folder, as tests may write under ./target.
opencl_why_not() {
    case "$BACKEND" in
        opencl) ;;
        cuda) grep -qsil nvidia /etc/OpenCL/vendors/*.icd || echo "no NVIDIA OpenCL ICD in /etc/OpenCL/vendors" ;;
        *) echo "the cpu dry run leaves OpenCL to --backend opencl" ;;
    esac
}
for jar in "$HERE"/tests/*-tests.jar; do
    [ -e "$jar" ] || { row tests FAIL 0 "no test jar in tests/"; break; }
    name=$(basename "$jar" -tests.jar)-tests
    why_not=""
    case "$name" in opencl*) why_not=$(opencl_why_not) ;; esac
    if [ -n "$why_not" ]; then
        row "$name" skip 0 "$why_not"
        continue
    fi
    t0=$SECONDS status=ok
    mkdir -p "$OUT/work/$name/target"
    ( cd "$OUT/work/$name" && timed 200 60 "$OUT/$name.log" "$JAVA" "${TEST_OPTS[@]}" -cp "$CP:$HERE/tools/*:$jar" \
        org.junit.platform.console.ConsoleLauncher execute --scan-classpath "$jar" --reports-dir "$OUT/junit-$name" \
        --details=tree --disable-banner --disable-ansi-colors --fail-if-no-tests ) || status=FAIL
    # JUnit calls a test skipped by an assumption "aborted".
    counts=$(grep -E '^\[ +[0-9]+ tests (successful|failed|aborted)' "$OUT/$name.log" \
        | sed -E 's/^\[ +([0-9]+) tests ([a-z]+).*/\1 \2/; s/aborted/skipped/' | paste -sd, - | sed 's/,/, /g')
    grep -q '^\[run.sh\] timed out' "$OUT/$name.log" && counts="timed out; ${counts:-no summary}"
    row "$name" "$status" $((SECONDS - t0)) "${counts:-no summary, see $name.log}" "$OUT/$name.log"
done

# 3./4. The seed's MLP on the backend (figures drawn, best effort), then on cpu with the same seed: the accuracy
#    floor, and agreement.
accuracy() { sed -n 's/^Test accuracy: \([0-9.]*\)%.*/\1/p' "$1" | tail -1; }
# train NAME BACKEND CAP MIN EXTRA...: one training run, its row; sets ACC (empty if none was printed).
train() {
    local name=$1 backend=$2 cap=$3 min=$4 t0=$SECONDS status=ok
    shift 4
    timed "$cap" "$min" "$OUT/$name.log" "$JAVA" "${TRAIN_OPTS[@]}" -cp "$CP" org.mlpengine.cli.Main \
        train --backend "$backend" --epochs "$EPOCHS" --data-dir "$HERE/data/mnist" --out "$OUT/run-$name" "$@"
    local rc=$?
    ACC=$(accuracy "$OUT/$name.log")
    local median
    median=$(sed -n 's/^Median epoch: \([0-9.]* s\).*/\1/p' "$OUT/$name.log")
    local result
    if [ $rc -ne 0 ]; then
        status=FAIL
        result="exit $rc$(grep -q '^\[run.sh\] timed out' "$OUT/$name.log" && echo ' (timed out)'), see $name.log"
    elif [ -z "$ACC" ]; then
        status=FAIL
        result="no test accuracy printed, see $name.log"
    elif awk -v a="$ACC" -v m="$MIN_ACCURACY" 'BEGIN { exit !(a < m) }'; then
        status=FAIL
        result="test accuracy $ACC % < $MIN_ACCURACY %"
    else
        result="test accuracy $ACC % (>= $MIN_ACCURACY), median epoch ${median:-?}"
    fi
    row "$name" "$status" $((SECONDS - t0)) "$result" "$OUT/$name.log"
}
train "train-$BACKEND-$EPOCHS-epochs" "$BACKEND" 150 60
BACKEND_ACC=$ACC
train "reference-cpu-$EPOCHS-epochs" cpu 120 60 --no-figures
CPU_ACC=$ACC
if [ -n "$BACKEND_ACC" ] && [ -n "$CPU_ACC" ]; then
    gap=$(awk -v a="$BACKEND_ACC" -v b="$CPU_ACC" 'BEGIN { d = a - b; printf "%.2f", d < 0 ? -d : d }')
    if awk -v g="$gap" -v m="$MAX_ACCURACY_GAP" 'BEGIN { exit !(g > m) }'; then
        row "$BACKEND-vs-cpu" FAIL 0 "test accuracy $BACKEND_ACC vs $CPU_ACC %: gap $gap > $MAX_ACCURACY_GAP points"
    else
        row "$BACKEND-vs-cpu" ok 0 "test accuracy $BACKEND_ACC vs $CPU_ACC %: gap $gap <= $MAX_ACCURACY_GAP points"
    fi
else
    row "$BACKEND-vs-cpu" FAIL 0 "a training run printed no test accuracy"
fi

# 4b. Two data-parallel replicas on the backend (one device: the same model up to rounding, so the same accuracy
#    within the gap allowed above).
train "train-$BACKEND-2-replicas" "$BACKEND" 120 60 --replicas 2 --no-figures
if [ -n "$ACC" ] && [ -n "$BACKEND_ACC" ]; then
    gap=$(awk -v a="$ACC" -v b="$BACKEND_ACC" 'BEGIN { d = a - b; printf "%.2f", d < 0 ? -d : d }')
    if awk -v g="$gap" -v m="$MAX_ACCURACY_GAP" 'BEGIN { exit !(g > m) }'; then
        row "replicas-vs-one" FAIL 0 "test accuracy $ACC vs $BACKEND_ACC %: gap $gap > $MAX_ACCURACY_GAP points"
    else
        row "replicas-vs-one" ok 0 "test accuracy $ACC vs $BACKEND_ACC %: gap $gap <= $MAX_ACCURACY_GAP points"
    fi
else
    row "replicas-vs-one" FAIL 0 "a training run printed no test accuracy"
fi

# 5. Epoch throughput of the seed's network. -foe: a failing benchmark fails the step; every case must report.
t0=$SECONDS status=ok
expected=$(( $(tr ',' '\n' <<< "$BENCH_BACKENDS" | wc -l) * $(tr ',' '\n' <<< "$BENCH_BATCHES" | wc -l) ))
timed 150 60 "$OUT/bench.log" "$JAVA" "${TRAIN_OPTS[@]}" -cp "$CP" org.mlpengine.bench.BenchMain EpochThroughput \
    -p backend="$BENCH_BACKENDS" -p batchSize="$BENCH_BATCHES" -p hidden=50 "${BENCH_TIMES[@]}" -f 1 -foe true \
    -rf json -rff "$OUT/bench.json" || status=FAIL
got=$(grep -c '"benchmark"' "$OUT/bench.json" 2>/dev/null)
[ "${got:-0}" -eq "$expected" ] || status=FAIL
row "bench-epoch-throughput" "$status" $((SECONDS - t0)) "${got:-0} of $expected cases, see bench.log" "$OUT/bench.log"
# JMH's result table: from its "Benchmark" header to the end of the log.
while read -r l; do
    ROWS+=("    $l")
done < <(sed -n '/^Benchmark /,$p' "$OUT/bench.log" | head -12)

if [ $FAILED -ne 0 ]; then
    finish 1 "GPU check FAILED (backend $BACKEND): see the FAIL rows and their logs in $OUT"
fi
finish 0 "GPU check passed (backend $BACKEND)"
