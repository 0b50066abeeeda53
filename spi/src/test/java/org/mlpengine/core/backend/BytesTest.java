package org.mlpengine.core.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BytesTest {

    @Test
    void sizesReadInTheLargestUnitBelowTheirValue() {
        assertEquals("512 B", Bytes.human(512));
        assertEquals("1.0 KiB", Bytes.human(1024));
        assertEquals("4.0 MiB", Bytes.human(4L << 20));
        assertEquals("140.0 GiB", Bytes.human(140L << 30));
        assertEquals("7.9 GiB", Bytes.human(4L * 46000 * 46000));
        assertEquals("2048.0 TiB", Bytes.human(2048L << 40));
    }
}
