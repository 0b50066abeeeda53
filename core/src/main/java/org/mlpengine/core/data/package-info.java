/**
 * Data for the trainer: IDX files ({@link org.mlpengine.core.data.Idx}), MNIST-format directories
 * ({@link org.mlpengine.core.data.Mnist}), the in-memory byte data set with the seed's [-1, 1]
 * normalization ({@link org.mlpengine.core.data.Dataset}), the seed's stratified 55k/5k/10k split
 * ({@link org.mlpengine.core.data.StratifiedSplit}), per-epoch shuffles
 * ({@link org.mlpengine.core.data.EpochShuffler}) and fetching MNIST into a cache
 * ({@link org.mlpengine.core.data.MnistFetcher}, {@link org.mlpengine.core.data.DataCache}).
 * Every user-facing failure is a {@link org.mlpengine.core.data.DataException} with a message
 * that names the file or source and what is wrong.
 */
package org.mlpengine.core.data;
