package org.mlpengine.core.data;

/** Real MNIST, loaded once per test JVM. */
final class RealData {
    private static Dataset mnist;

    private RealData() {
    }

    static synchronized Dataset mnist() {
        if (mnist == null) {
            mnist = Mnist.load(MnistTest.REAL_MNIST);
        }
        return mnist;
    }
}
