/**
 * The supported Java API of mlp-engine: what code outside this project should call.
 *
 * <ul>
 *   <li><b>Train</b>: {@link org.mlpengine.core.api.MlpEngine#training()} returns a {@link
 *       org.mlpengine.core.api.TrainingRun}: layer sizes, data, settings, backend, an epoch listener; {@code run()}
 *       returns a {@link org.mlpengine.core.api.Model}.</li>
 *   <li><b>Evaluate and predict</b>: {@link org.mlpengine.core.api.Model#load(java.nio.file.Path)}, then
 *       {@code evaluate}, {@code predict}, {@code scores}.</li>
 *   <li><b>Compute</b>: {@link org.mlpengine.core.api.MlpEngine#openBackend(String)} returns the backend SPI's
 *       {@link org.mlpengine.core.backend.Backend}: device matrices, GEMM, element-wise ops and reductions on any
 *       backend.</li>
 * </ul>
 *
 * <p>Besides this package, the supported surface is the types these methods take and return:
 * {@link org.mlpengine.core.backend.Backend}, {@link org.mlpengine.core.backend.DeviceMatrix},
 * {@link org.mlpengine.core.backend.DeviceInts}, {@link org.mlpengine.core.backend.BackendException} (package
 * {@code org.mlpengine.core.backend}); {@link org.mlpengine.core.data.Dataset},
 * {@link org.mlpengine.core.data.TabularData}, {@link org.mlpengine.core.data.Mnist},
 * {@link org.mlpengine.core.data.MnistFetcher}, {@link org.mlpengine.core.data.DataCache},
 * {@link org.mlpengine.core.data.DataException}; {@link org.mlpengine.core.train.TrainingListener},
 * {@link org.mlpengine.core.train.Metrics}, {@link org.mlpengine.core.model.EpochResult},
 * {@link org.mlpengine.core.train.TrainingDivergedException}. Everything else (the trainer's internals, the model
 * file classes, the NumPy ports, the GPU op layer) is public only because Java modules of this project share it, and
 * may change without notice.
 *
 * <p><b>Threads.</b> A {@link org.mlpengine.core.backend.Backend} is used by one thread at a time. A
 * {@link org.mlpengine.core.api.Model} holds its weights on the host and is immutable: any thread may use it, each
 * call on its own backend. A {@link org.mlpengine.core.api.TrainingRun} is a builder for one thread.
 */
package org.mlpengine.core.api;
