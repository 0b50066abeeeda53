package org.mlpengine.spark;

import java.io.Serializable;

/**
 * What every sweep task shares: the data, how it is split, the device to ask for and the random scheme.
 *
 * @param splitTest   samples drawn for the test part
 * @param splitValid  samples drawn for the validation part
 * @param numpyCompat draw the split, weights and shuffles as the book's NumPy code does
 */
public record SweepSpec(DataSource data, int splitTest, int splitValid, DeviceRequest device, boolean numpyCompat)
        implements Serializable {
    private static final long serialVersionUID = 1L;
}
