#!/usr/bin/env bash
# Builds the self-contained GPU check: jars, MNIST, a jlinked Java runtime and run.sh, as one tar.gz.
#   gpu-check/build-bundle.sh [--offline] [OUT.tar.gz]     (default gpu-check/target/mlp-gpu-check.tar.gz)
# Needs a JDK 17+ with jlink and jdeps; Maven comes with ./mvnw. No GPU needed. The first build downloads what
# Maven lacks; --offline builds from ~/.m2 alone (works after one online build).
# MNIST: $MNIST_DIR, $MLP_ENGINE_DATA, ~/.cache/mlp-engine/mnist or /tmp/mnist/package/data (raw or .gz IDX
# files); else fetched into the cache with the trainer's own fetch-data.
# BUNDLE_JDK=DIR: the JDK whose jlink makes the runtime (default: the one running the build). The runtime needs
# the glibc that JDK was built for (printed, and checked by run.sh): a Debian/Ubuntu JDK 17 needs glibc 2.34
# (Ubuntu 22.04+), a Temurin JDK only 2.17, for hosts as old as Ubuntu 18.04.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$ROOT/gpu-check/target
STAGE=$WORK/mlp-gpu-check
MAX_MIB=60
# Found only at run time, so jdeps cannot see them: the zip file system (JUnit's launcher scans the test jars).
RUNTIME_ONLY_MODULES=jdk.zipfs

OFFLINE=""
OUT_TGZ=""
for a in "$@"; do
    case "$a" in
        --offline) OFFLINE=-o ;;
        -*) echo "usage: build-bundle.sh [--offline] [OUT.tar.gz]" >&2; exit 2 ;;
        *) OUT_TGZ=$a ;;
    esac
done
OUT_TGZ=$(realpath -m "${OUT_TGZ:-$WORK/mlp-gpu-check.tar.gz}")
START=$(date +%s)

JDK=${BUNDLE_JDK:-${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}}
for tool in java jlink jdeps; do
    [ -x "$JDK/bin/$tool" ] || { echo "error: no $tool in $JDK/bin (set BUNDLE_JDK or JAVA_HOME to a JDK 17+)" >&2; exit 1; }
done
JDK_FEATURE=$("$JDK/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
[ "${JDK_FEATURE:-0}" -ge 17 ] || { echo "error: $JDK is Java ${JDK_FEATURE:-?}; the bundle needs 17+" >&2; exit 1; }

cd "$ROOT"
rm -rf "$STAGE"
# The gpu-check module (profile gpu-check) collects lib/, tests/ and tools/ into $STAGE: see gpu-check/pom.xml.
echo "building the bundle's jars (./mvnw -P gpu-check -pl gpu-check -am package)"
./mvnw -B -q $OFFLINE -P gpu-check -pl gpu-check -am -DskipTests package

MNIST=""
find_mnist() {
    for d in "${MNIST_DIR:-}" "${MLP_ENGINE_DATA:-}" "$HOME/.cache/mlp-engine/mnist" /tmp/mnist/package/data; do
        if [ -n "$d" ] && ls "$d"/train-images-idx3-ubyte* > /dev/null 2>&1; then MNIST=$d; return; fi
    done
}
find_mnist
if [ -z "$MNIST" ]; then
    echo "no MNIST found: fetching it into the cache"
    "$JDK/bin/java" -cp "$STAGE/lib/*" org.mlpengine.cli.Main fetch-data
    find_mnist
    [ -n "$MNIST" ] || { echo "error: fetch-data left no MNIST IDX files (set MNIST_DIR)" >&2; exit 1; }
fi
mkdir -p "$STAGE/data/mnist"
for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
    if [ -f "$MNIST/$f.gz" ]; then cp "$MNIST/$f.gz" "$STAGE/data/mnist/"; else gzip -9c "$MNIST/$f" > "$STAGE/data/mnist/$f.gz"; fi
done

# The runtime holds what the bundle's jars use, as jdeps finds it, and the run-time-only modules above.
MODULES=$("$JDK/bin/jdeps" --ignore-missing-deps --multi-release 17 --print-module-deps \
    "$STAGE"/lib/*.jar "$STAGE"/tools/*.jar "$STAGE"/tests/*.jar),$RUNTIME_ONLY_MODULES
# No jlink compression: the tar.gz compresses the plain module image better (27 vs 33 MB here).
"$JDK/bin/jlink" --add-modules "$MODULES" --strip-debug --no-header-files --no-man-pages --output "$STAGE/runtime"
# The newest glibc symbol version the runtime's binaries ask for: the oldest glibc a host may have.
GLIBC=$(grep -rahoE 'GLIBC_2\.[0-9]+' "$STAGE/runtime/bin" "$STAGE/runtime/lib" | sort -uV | tail -1 | sed 's/GLIBC_//')

cp gpu-check/run.sh "$STAGE/"
git rev-parse --short HEAD > "$STAGE/COMMIT" 2>/dev/null || echo unknown > "$STAGE/COMMIT"
{
    echo "commit=$(cat "$STAGE/COMMIT")"
    echo "built=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "jdk=$(sed -n 's/^IMPLEMENTOR="\(.*\)"/\1/p' "$JDK/release") $(sed -n 's/^JAVA_VERSION="\(.*\)"/\1/p' "$JDK/release")"
    echo "modules=$MODULES"
    echo "arch=$(uname -m)"
    echo "glibc=$GLIBC"
} > "$STAGE/BUILD-INFO"

tar -C "$WORK" -czf "$OUT_TGZ" mlp-gpu-check
SIZE_MIB=$(( ($(stat -c %s "$OUT_TGZ") + 1048575) / 1048576 ))
echo "bundle: $OUT_TGZ: $SIZE_MIB MiB (unpacked $(du -sm "$STAGE" | cut -f1) MiB), built in $(( $(date +%s) - START )) s"
echo "runtime: $(cat "$STAGE/runtime/release" | sed -n 's/^JAVA_VERSION=//p' | tr -d '"') from $JDK, modules $MODULES;" \
    "needs $(uname -m) Linux with glibc >= $GLIBC"
if [ "$SIZE_MIB" -ge "$MAX_MIB" ]; then
    echo "error: the bundle is $SIZE_MIB MiB, over the $MAX_MIB MiB limit" >&2
    exit 1
fi
