#!/usr/bin/env bash
# Side by side on this machine: the book's NumPy code (float32) and the engine's cpu backend, run alternately.
#   scripts/compare-numpy.sh [-r RUNS] [-e EPOCHS] [-s SEED_NUMPY_PY] [-o OUT_DIR] DATA_DIR
# Each round runs seed_numpy.py and `bin/mlp-engine train --backend cpu` for EPOCHS epochs (their order swaps every
# round), then SGEMM at the training step's shapes through NumPy (scripts/numpy_gemm.py) and through the cpu
# backend (JMH GemmRate). Prints the medians over rounds of each run's median epoch (training pass + 2 evaluation
# passes) and of GFLOP/s, with the ratios; logs, JSON and compare-numpy.md go to OUT_DIR.
# Needs: python3 with numpy, scikit-learn, threadpoolctl; cli and benchmarks built
#   (mvn -q -o -pl cli,benchmarks -am package -DskipTests; BENCH_JAR=FILE uses another benchmarks.jar).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs=5 epochs=5 seed_py="$root/scripts/numpy-reference/seed_numpy.py" out=""
while getopts "r:e:s:o:" opt; do
  case $opt in
    r) runs=$OPTARG ;; e) epochs=$OPTARG ;; s) seed_py=$OPTARG ;; o) out=$OPTARG ;;
    *) sed -n '2,3p' "$0" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
data=${1:?usage: compare-numpy.sh [-r RUNS] [-e EPOCHS] [-s SEED_NUMPY_PY] [-o OUT_DIR] DATA_DIR}
out=${out:-$root/runs/compare-numpy-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$out"
bench_jar=${BENCH_JAR:-$root/benchmarks/target/benchmarks.jar}
for f in "$seed_py" "$root/cli/target/mlp-engine.jar" "$bench_jar"; do
  [ -f "$f" ] || { echo "error: $f not found (build: mvn -q -o -pl cli,benchmarks -am package -DskipTests)" >&2; exit 1; }
done
python3 -c "import numpy, sklearn, threadpoolctl" 2>/dev/null \
  || { echo "error: needs numpy, scikit-learn, threadpoolctl: python3 -m pip install numpy scikit-learn threadpoolctl" >&2; exit 1; }

numpy_run() {
  python3 "$seed_py" "$data" --dtype float32 --epochs "$epochs" --json "$out/numpy-$1.json" > "$out/numpy-$1.log" 2>&1 \
    || { echo "error: seed_numpy.py failed, see $out/numpy-$1.log" >&2; exit 1; }
  python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print('round %s: numpy  median epoch %.3f s (other processes used %.2f cores)' % (sys.argv[2], j['epoch_s']['median'], j['other_cpu']['median']))" "$out/numpy-$1.json" "$1"
}
engine_run() {
  "$root/bin/mlp-engine" train --backend cpu --epochs "$epochs" --data-dir "$data" > "$out/engine-$1.log" 2>&1 \
    || { echo "error: the engine failed, see $out/engine-$1.log" >&2; exit 1; }
  echo "round $1: engine $(grep '^Median epoch:' "$out/engine-$1.log") (load $(cut -d' ' -f1 /proc/loadavg))"
}

for r in $(seq 1 "$runs"); do
  if [ $((r % 2)) -eq 1 ]; then numpy_run "$r"; engine_run "$r"; else engine_run "$r"; numpy_run "$r"; fi
  python3 "$root/scripts/numpy_gemm.py" 0.2 > "$out/numpy-gemm-$r.json"
  java --add-modules jdk.incubator.vector -jar "$bench_jar" GemmRate -p backend=cpu -f 1 -wi 2 -i 3 -w 1s -r 1s \
    -rf json -rff "$out/engine-gemm-$r.json" > "$out/engine-gemm-$r.log" 2>&1 \
    || { echo "error: the GEMM benchmark failed, see $out/engine-gemm-$r.log" >&2; exit 1; }
  echo "round $r: GEMM done"
done

python3 - "$out" "$runs" <<'PY' | tee "$out/compare-numpy.md"
import glob, json, os, re, statistics as st, sys
out, runs = sys.argv[1], int(sys.argv[2])
med = st.median
np_epoch, np_train, en_epoch, en_train = [], [], [], []
for r in range(1, runs + 1):
    j = json.load(open(f'{out}/numpy-{r}.json'))
    np_epoch.append(j['epoch_s']['median']); np_train.append(j['train_pass_s']['median'])
    m = re.search(r'Median epoch: ([\d.]+) s \(training pass ([\d.]+) s', open(f'{out}/engine-{r}.log').read())
    en_epoch.append(float(m.group(1))); en_train.append(float(m.group(2)))
info = json.load(open(f'{out}/numpy-gemm-1.json'))['info']
print(f'# Engine (cpu backend) vs the book\'s NumPy code, float32, {runs} alternating rounds\n')
print(f'NumPy {info["numpy"]}, BLAS {info.get("blas")}\n')
print('| | NumPy median | engine median | engine / NumPy time |\n| --- | ---: | ---: | ---: |')
print(f'| epoch (train + 2 eval passes) | {med(np_epoch):.3f} s | {med(en_epoch):.3f} s | {med(en_epoch) / med(np_epoch):.2f} |')
print(f'| training pass | {med(np_train):.3f} s | {med(en_train):.3f} s | {med(en_train) / med(np_train):.2f} |')
speed = med(np_epoch) / med(en_epoch)
print(f'\nThe engine\'s epoch is {speed:.2f}x as fast as NumPy\'s ({"faster" if speed > 1 else "slower"}).')
print('\nPer round (each the median of its epochs), NumPy / engine epoch seconds: '
      + ', '.join(f'{a:.3f} / {b:.3f}' for a, b in zip(np_epoch, en_epoch)))
other = [json.load(open(f'{out}/numpy-{r}.json'))['other_cpu']['median'] for r in range(1, runs + 1)]
print('\nCores used by other processes during the NumPy runs (median per round; above about 0.1 the machine was busy '
      'and OpenBLAS\'s spinning threads slow down sharply): ' + ', '.join(f'{o:.2f}' for o in other))
npg, eng = {}, {}
for r in range(1, runs + 1):
    for name, s in json.load(open(f'{out}/numpy-gemm-{r}.json'))['shapes'].items():
        npg.setdefault(name, []).append(s['gflops'])
    for res in json.load(open(f'{out}/engine-gemm-{r}.json')):
        p = res['primaryMetric']
        assert p['scoreUnit'] == 'us/op', p['scoreUnit']
        name = res['params']['shape']
        s = json.load(open(f'{out}/numpy-gemm-{r}.json'))['shapes'][name]
        us = med([v for fork in p['rawData'] for v in fork])
        eng.setdefault(name, []).append(2 * s['m'] * s['k'] * s['n'] / us / 1e3)
print('\n## SGEMM GFLOP/s (medians over rounds)\n')
print('| shape (m x k x n) | NumPy/OpenBLAS | engine cpu | engine / NumPy |\n| --- | ---: | ---: | ---: |')
shapes = json.load(open(f'{out}/numpy-gemm-1.json'))['shapes']
for name, s in shapes.items():
    if name in eng:
        a, b = med(npg[name]), med(eng[name])
        print(f'| {name} ({s["m"]}x{s["k"]}x{s["n"]}) | {a:.1f} | {b:.1f} | {b / a:.2f} |')
print('\nNumPy computes each product into an output array (beta 0); the engine runs the two weight-gradient '
      'GEMMs as the training step does, in place with alpha = -lr, beta = 1.')
print(f'\nLogs and raw results: {out}')
PY
