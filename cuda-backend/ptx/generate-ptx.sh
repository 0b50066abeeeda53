#!/usr/bin/env bash
# Regenerates cuda-backend/src/main/resources/org/mlpengine/cuda/kernels.ptx from the kernels module's CUDA
# dialect (nvcc -ptx -arch=compute_75, .version lowered to 8.0). Needs nvcc (no GPU). Commit the result.
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v nvcc >/dev/null || [ -x /usr/local/cuda/bin/nvcc ] || { echo "nvcc not found" >&2; exit 1; }
log=$(mvn -q ${MVN_OFFLINE--o} -pl cuda-backend -am test -Dtest='CommittedPtxTest#regeneratedPtxEqualsTheCommittedOne' \
    -Dsurefire.failIfNoSpecifiedTests=false -Dptx.write=true) || { echo "$log"; exit 1; }
echo "$log"
# The test skips (and writes nothing) where nvcc cannot compile here, e.g. without a supported gcc.
grep -q '^\[CommittedPtxTest\] wrote ' <<<"$log" || { echo "no PTX written (see the skip reason above)" >&2; exit 1; }
git --no-pager diff --stat -- cuda-backend/src/main/resources/org/mlpengine/cuda/kernels.ptx
