#!/usr/bin/env bash
# The GPU check, run from the unpacked bundle on an NVIDIA machine (no network, no JDK needed):
#   ./run.sh RESULTS_DIR
# 1. probes the backends (stops here, exit 3, if cuda cannot run); 2. the cuda test classes: conformance suite
# with cuBLAS-or-kernel GEMM and with the own GEMM kernel, backend tests, PTX tests; 3. the opencl tests if an
# NVIDIA OpenCL ICD is installed; 4. trains the seed MLP 50 epochs on cuda; 5. epoch-throughput benchmark cuda vs
# cpu at batch 100 and 1000. Logs and JUnit XML go to RESULTS_DIR; a short table is printed last.
# Stays under 8 minutes: each step gets at most its own limit and what is left of the total.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$(realpath -m "${1:?usage: run.sh RESULTS_DIR}")
mkdir -p "$OUT" "$OUT/tmp"
JAVA=$HERE/runtime/bin/java
CP=$(ls "$HERE"/lib/*.jar | paste -sd: -)
# JCuda and JOCL unpack their native libraries into java.io.tmpdir.
JOPTS=(--add-modules jdk.incubator.vector -Xss4m -Djava.io.tmpdir="$OUT/tmp")
CLI_MAIN=org.mlpengine.cli.Main
TOTAL_S=470
START=$(date +%s)
ROWS=()

row() { ROWS+=("$(printf '%-24s %-6s %5ss  %s' "$1" "$2" "$3" "$4")"); }

# limit STEP_CAP: seconds this step may take, within what is left of TOTAL_S.
limit() {
    local left=$((TOTAL_S - ($(date +%s) - START)))
    [ "$left" -lt "$1" ] && echo "$left" || echo "$1"
}

table() {
    echo
    echo "== GPU check summary ($(cat "$HERE/COMMIT" 2>/dev/null || echo '?'), results in $OUT) =="
    printf '%-24s %-6s %6s  %s\n' step status time result
    printf '%s\n' "${ROWS[@]}"
    rm -rf "$OUT/tmp"
}

# junit NAME CAP SELECTORS...: runs test classes with JUnit's console launcher, adds a row.
junit() {
    local name=$1 cap=$2 t0=$SECONDS status=ok
    shift 2
    # On the JVM's own class path (not --class-path), so tests that start a JVM with java.class.path work.
    timeout "$(limit "$cap")" "$JAVA" "${JOPTS[@]}" -cp "$CP:$HERE/tools/junit-platform-console-standalone.jar" \
        org.junit.platform.console.ConsoleLauncher execute "$@" --reports-dir "$OUT/junit-$name" --details=tree \
        --disable-banner --disable-ansi-colors --fail-if-no-tests > "$OUT/$name.log" 2>&1 || status=FAIL
    local counts
    # JUnit calls a test skipped by an assumption "aborted".
    counts=$(grep -E '^\[ +[0-9]+ tests (successful|failed|aborted)' "$OUT/$name.log" \
        | sed -E 's/^\[ +([0-9]+) tests ([a-z]+).*/\1 \2/; s/aborted/skipped/' | paste -sd, - | sed 's/,/, /g')
    row "$name" "$status" $((SECONDS - t0)) "${counts:-no summary, see $name.log}"
}

command -v nvidia-smi >/dev/null && nvidia-smi > "$OUT/nvidia-smi.txt" 2>&1

t0=$SECONDS
"$JAVA" "${JOPTS[@]}" -cp "$CP" org.mlpengine.gpucheck.Probe cuda > "$OUT/probe.txt" 2>&1
probe=$?
cat "$OUT/probe.txt"
if [ $probe -ne 0 ]; then
    reason=$(sed -n 's/^cuda: unavailable: //p' "$OUT/probe.txt")
    row probe FAIL $((SECONDS - t0)) "cuda unavailable: ${reason:-see probe.txt}"
    table
    echo "GPU check stopped: cuda unavailable: ${reason:-see $OUT/probe.txt}"
    exit 3
fi
row probe ok $((SECONDS - t0)) "$(grep -A1 '^cuda: available' "$OUT/probe.txt" | tail -1 | sed 's/^ *//')"

junit cuda-tests 200 --select-package org.mlpengine.cuda

if grep -qsil nvidia /etc/OpenCL/vendors/*.icd && ls "$HERE"/lib/opencl-backend-*-tests.jar >/dev/null 2>&1; then
    junit opencl-tests 120 --select-package org.mlpengine.opencl
else
    row opencl-tests skip 0 "no NVIDIA OpenCL ICD in /etc/OpenCL/vendors (or no opencl tests in the bundle)"
fi

if ls "$HERE"/lib/cli-*.jar >/dev/null 2>&1; then
    t0=$SECONDS status=ok
    timeout "$(limit 240)" "$JAVA" "${JOPTS[@]}" -Dbackend=cuda -cp "$CP" $CLI_MAIN \
        train --backend cuda --epochs 50 --data-dir "$HERE/data/mnist" --out "$OUT/run-cuda" > "$OUT/train-cuda.log" 2>&1 || status=FAIL
    last=$(grep '^Epoch:' "$OUT/train-cuda.log" | tail -1)
    row train-cuda-50-epochs "$status" $((SECONDS - t0)) \
        "${last:-no epoch line, see train-cuda.log} $(grep -i 'test accuracy' "$OUT/train-cuda.log" | tail -1)"
else
    row train-cuda-50-epochs HOOK 0 "cli module not in this bundle"
fi

# Epoch throughput, cuda against cpu, the seed's network at batch 100 and 1000 (4 cases; BenchMain drops
# a backend that cannot run and says why).
BENCH_PATTERN=EpochThroughput
BENCH_PARAMS=(-p backend=cuda,cpu -p batchSize=100,1000 -p hidden=50 -w 2s -r 2s)
if ls "$HERE"/lib/benchmarks-*.jar >/dev/null 2>&1; then
    t0=$SECONDS status=ok
    timeout "$(limit 180)" "$JAVA" "${JOPTS[@]}" -cp "$CP" org.mlpengine.bench.BenchMain "$BENCH_PATTERN" "${BENCH_PARAMS[@]}" \
        -f 1 -wi 1 -i 3 -rf json -rff "$OUT/bench.json" \
        > "$OUT/bench.log" 2>&1 || status=FAIL
    row "bench $BENCH_PATTERN" "$status" $((SECONDS - t0)) "see bench.log"
    # JMH's result table: from its "Benchmark" header to the end of the log.
    while read -r l; do
        ROWS+=("    $l")
    done < <(sed -n '/^Benchmark /,$p' "$OUT/bench.log" | head -12)
else
    row bench-epoch-throughput HOOK 0 "benchmarks module not in this bundle"
fi

table
