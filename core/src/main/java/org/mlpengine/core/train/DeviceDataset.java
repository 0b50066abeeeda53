package org.mlpengine.core.train;

import org.mlpengine.core.backend.Backend;
import org.mlpengine.core.backend.DeviceInts;
import org.mlpengine.core.backend.DeviceMatrix;
import org.mlpengine.core.data.Dataset;

/** A dataset uploaded once to a backend: normalized float features and int labels. */
final class DeviceDataset implements AutoCloseable {
    /** Rows converted per upload: bounds the host staging buffer to a few MB whatever the dataset's size. */
    private static final int UPLOAD_ROWS = 2048;

    final DeviceMatrix features;
    final DeviceInts labels;

    DeviceDataset(Backend backend, Dataset data) {
        int rows = data.rows();
        int cols = data.features();
        features = backend.allocate(rows, cols);
        labels = backend.allocateInts(rows);
        float[] staging = new float[Math.min(rows, UPLOAD_ROWS) * cols];
        for (int start = 0; start < rows; start += UPLOAD_ROWS) {
            int n = Math.min(UPLOAD_ROWS, rows - start);
            data.copyFeatures(start, n, staging, 0);
            backend.upload(staging, 0, features.rowSlice(start, n));
            // Uploads may be asynchronous; the staging buffer is reused, so wait for each chunk.
            backend.synchronize();
        }
        backend.upload(data.labels(), 0, labels);
    }

    int rows() {
        return features.rows();
    }

    @Override
    public void close() {
        features.close();
        labels.close();
    }
}
