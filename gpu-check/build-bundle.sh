#!/usr/bin/env bash
# Builds the self-contained GPU check: jars, MNIST, a jlinked Java runtime and run.sh, as one tar.gz.
# Needs Maven (~/.m2 filled; set MVN_OFFLINE= to let Maven download) and a JDK 17 with jlink. No GPU needed.
#   gpu-check/build-bundle.sh [OUT.tar.gz]     (default gpu-check/target/mlp-gpu-check.tar.gz)
# MNIST is taken from $MNIST_DIR, ~/.cache/mlp-engine/mnist or /tmp/mnist/package/data (raw or .gz IDX files).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$ROOT/gpu-check/target
STAGE=$WORK/mlp-gpu-check
OUT_TGZ=$(realpath -m "${1:-$WORK/mlp-gpu-check.tar.gz}")
MVN="mvn -q ${MVN_OFFLINE--o}"
# What the jars need: jdeps --print-module-deps over lib/ and tools/ (JMH: java.management, jdk.unsupported;
# JUnit console: java.sql, java.xml for its XML reports, jdk.zipfs to scan jars for test classes; data fetcher: java.net.http; cpu backend: the Vector API).
MODULES=java.base,java.logging,java.management,java.xml,java.sql,jdk.unsupported,jdk.incubator.vector,java.net.http,jdk.zipfs

rm -rf "$STAGE" && mkdir -p "$STAGE/lib" "$STAGE/tools" "$STAGE/data/mnist"
cd "$ROOT"

# Modules to ship: cuda-backend always; the trainer, OpenCL backend and benchmarks once they have code.
PL=cuda-backend
for m in cli opencl-backend benchmarks; do
    [ -d "$m/src/main/java" ] && PL="$PL,$m"
done
echo "building $PL (and what they need)"
$MVN -pl "$PL" -am -DskipTests package \
    org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
    -DincludeScope=test -DexcludeGroupIds=org.junit.jupiter,org.junit.platform,org.opentest4j,org.apiguardian \
    -DoutputDirectory="$STAGE/lib"
VERSION=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1)
for m in ${PL//,/ }; do
    cp "$m/target/$m-$VERSION.jar" "$STAGE/lib/"
    if [ -d "$m/target/test-classes" ]; then
        jar cf "$STAGE/lib/$m-$VERSION-tests.jar" -C "$m/target/test-classes" .
    fi
done

# JUnit's console launcher runs the conformance suites there; its platform version pairs with Jupiter 5.x.y as 1.x.y.
JUNIT=$(sed -n 's:.*<junit.version>\(.*\)</junit.version>.*:\1:p' pom.xml)
$MVN org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy -Dmdep.stripVersion=true \
    -Dartifact=org.junit.platform:junit-platform-console-standalone:1.${JUNIT#5.} -DoutputDirectory="$STAGE/tools"

javac -d "$WORK/probe-classes" -cp "$STAGE/lib/core-$VERSION.jar" gpu-check/src/org/mlpengine/gpucheck/*.java
jar cf "$STAGE/lib/gpu-check.jar" -C "$WORK/probe-classes" .

MNIST=""
for d in "${MNIST_DIR:-}" "$HOME/.cache/mlp-engine/mnist" /tmp/mnist/package/data; do
    if [ -n "$d" ] && ls "$d"/train-images-idx3-ubyte* >/dev/null 2>&1; then MNIST=$d; break; fi
done
[ -n "$MNIST" ] || { echo "no MNIST IDX files found (set MNIST_DIR)" >&2; exit 1; }
for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
    if [ -f "$MNIST/$f.gz" ]; then cp "$MNIST/$f.gz" "$STAGE/data/mnist/"; else gzip -9c "$MNIST/$f" > "$STAGE/data/mnist/$f.gz"; fi
done

jlink --add-modules "$MODULES" --strip-debug --no-header-files --no-man-pages --compress=2 --output "$STAGE/runtime"
cp gpu-check/run.sh "$STAGE/"
git rev-parse --short HEAD > "$STAGE/COMMIT" 2>/dev/null || true

tar -C "$WORK" -czf "$OUT_TGZ" mlp-gpu-check
echo "bundle: $OUT_TGZ ($(du -m "$OUT_TGZ" | cut -f1) MiB; unpacked $(du -sm "$STAGE" | cut -f1) MiB)"
