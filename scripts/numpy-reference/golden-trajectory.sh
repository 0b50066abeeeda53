#!/usr/bin/env bash
# Writes the golden trajectory `train --numpy-compat` is checked against: the book's NumPy code (seed_numpy.py),
# float32, every epoch's training and validation accuracy and the final test accuracy.
#   scripts/numpy-reference/golden-trajectory.sh DATA_DIR [EPOCHS] [OUT.json]
# DATA_DIR holds the four MNIST IDX files. Needs python3 with numpy and scikit-learn (Debian: python3-numpy
# python3-sklearn). OUT defaults to the test resource cli/src/test/resources/org/mlpengine/cli/numpy-float32-trajectory.json.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
data=${1:?usage: golden-trajectory.sh DATA_DIR [EPOCHS] [OUT.json]}
epochs=${2:-50}
out=${3:-$root/cli/src/test/resources/org/mlpengine/cli/numpy-float32-trajectory.json}
python=${PYTHON:-python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$python" "$here/seed_numpy.py" "$data" --dtype float32 --epochs "$epochs" --json "$tmp/run.json" | tee "$tmp/run.log" \
  | grep -E '^(Epoch|Test accuracy)'
"$python" - "$tmp/run.json" "$out" "$epochs" <<'PY'
import json, sys
import numpy, sklearn
run, out, epochs = json.load(open(sys.argv[1])), sys.argv[2], int(sys.argv[3])
golden = {
    'what': "the book's chapter-11 NumPy code (scripts/numpy-reference/seed_numpy.py), float32, on MNIST",
    'command': f'scripts/numpy-reference/golden-trajectory.sh DATA_DIR {epochs}',
    'numpy': numpy.__version__, 'sklearn': sklearn.__version__, 'dtype': 'float32', 'epochs': epochs,
    'trainAccuracyPercent': run['train_acc_per_epoch'],
    'validAccuracyPercent': run['valid_acc_per_epoch'],
    'testAccuracyPercent': run['test_acc'],
}
with open(out, 'w') as f:
    json.dump(golden, f, indent=1)
    f.write('\n')
print('wrote', out)
PY
