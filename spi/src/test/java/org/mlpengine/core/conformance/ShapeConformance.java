package org.mlpengine.core.conformance;

import org.junit.jupiter.api.Test;
import org.mlpengine.core.backend.Backend;
import org.mlpengine.core.backend.DeviceInts;
import org.mlpengine.core.backend.DeviceMatrix;

/** Every op rejects mismatched shapes, and matrices of another backend, with a one-line IllegalArgumentException. */
public interface ShapeConformance extends ConformanceSupport {

    @Test
    default void mismatchedShapesAreRejected() {
        Backend be = backend();
        DeviceMatrix a = matrix(7, 33);
        DeviceMatrix b = matrix(33, 5);
        DeviceMatrix c = matrix(7, 5);
        DeviceMatrix row5 = matrix(1, 5);
        DeviceInts labels7 = track(be.allocateInts(7));
        assertShapeError("gemm inner dimensions", () -> be.gemm(false, false, 1, a, a, 0, c));
        assertShapeError("gemm output rows", () -> be.gemm(false, false, 1, a, b, 0, matrix(6, 5)));
        assertShapeError("gemm output cols", () -> be.gemm(false, false, 1, a, b, 0, matrix(7, 6)));
        assertShapeError("gemm transA ignored", () -> be.gemm(true, false, 1, a, b, 0, c));
        assertShapeError("gemm transB ignored", () -> be.gemm(false, true, 1, a, b, 0, c));
        assertShapeError("biasSigmoid bias", () -> be.biasSigmoid(c, matrix(1, 6), c));
        assertShapeError("biasSigmoid bias rows", () -> be.biasSigmoid(c, matrix(2, 5), c));
        assertShapeError("biasSigmoid out", () -> be.biasSigmoid(c, row5, matrix(5, 7)));
        assertShapeError("sigmoidBackward", () -> be.sigmoidBackward(c, matrix(5, 7), c));
        assertShapeError("sigmoidBackward out", () -> be.sigmoidBackward(c, c, matrix(7, 4)));
        assertShapeError("mseOutputDelta labels", () -> be.mseOutputDelta(c, track(be.allocateInts(6)), c));
        assertShapeError("mseOutputDelta out", () -> be.mseOutputDelta(c, labels7, matrix(7, 6)));
        assertShapeError("columnSums out", () -> be.columnSums(1, c, 0, matrix(1, 7)));
        assertShapeError("rowArgmax out", () -> be.rowArgmax(c, track(be.allocateInts(5))));
        assertShapeError("accumulateMetrics metrics", () -> be.accumulateMetrics(c, labels7, matrix(1, 3)));
        assertShapeError("accumulateMetrics labels", () -> be.accumulateMetrics(c, track(be.allocateInts(8)), matrix(1, 2)));
        assertShapeError("gatherRows indices", () -> be.gatherRows(a, labels7, matrix(6, 33)));
        assertShapeError("gatherRows cols", () -> be.gatherRows(a, labels7, matrix(7, 32)));
        assertShapeError("gatherInts", () -> be.gatherInts(labels7, labels7, track(be.allocateInts(6))));
        assertShapeError("upload past the host array", () -> be.upload(new float[30], 0, c));
        assertShapeError("download past the host array", () -> be.download(c, new float[35], 1));
        assertShapeError("upload ints with a negative offset", () -> be.upload(new int[10], -1, labels7));
        assertShapeError("rowSlice past the end", () -> a.rowSlice(5, 3));
        assertShapeError("slice past the end", () -> labels7.slice(-1, 2));
        assertShapeError("allocate 0 rows", () -> be.allocate(0, 3));
    }

    @Test
    default void matricesOfAnotherBackendAreRejected() {
        DeviceMatrix c = matrix(2, 2);
        DeviceMatrix foreign = new DeviceMatrix() {
            public int rows() {
                return 2;
            }

            public int cols() {
                return 2;
            }

            public long offset() {
                return 0;
            }

            public DeviceMatrix rowSlice(int start, int count) {
                return this;
            }

            public void close() {
            }
        };
        assertShapeError("gemm with a foreign A", () -> backend().gemm(false, false, 1, foreign, c, 0, c));
        assertShapeError("fill of a foreign matrix", () -> backend().fill(foreign, 1));
        assertShapeError("download of a foreign matrix", () -> backend().download(foreign, new float[4], 0));
    }
}
