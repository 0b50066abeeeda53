package org.mlpengine.cli;

import java.util.zip.CRC32;

import org.mlpengine.core.data.Dataset;

/** A CRC-32 over every pixel and label of a data set: tells a resumed run it has the same data. */
final class DataFingerprint {
    private static final int CHUNK_ROWS = 4096;

    private DataFingerprint() {
    }

    static String of(Dataset d) {
        CRC32 crc = new CRC32();
        byte[] buf = new byte[Math.min(d.rows(), CHUNK_ROWS) * d.features()];
        for (int start = 0; start < d.rows(); start += CHUNK_ROWS) {
            int n = Math.min(CHUNK_ROWS, d.rows() - start);
            d.copyPixels(start, n, buf, 0);
            crc.update(buf, 0, n * d.features());
        }
        for (int i = 0; i < d.rows(); i++) {
            crc.update(d.label(i));
        }
        return String.format("%08x", crc.getValue());
    }
}
