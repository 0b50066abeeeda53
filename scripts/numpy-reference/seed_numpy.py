"""The book's chapter-11 NumPy code, runnable on MNIST IDX files.

This is NeuralNetMLP, the minibatch generator, compute_mse_and_acc and the training loop of chapter 11 of
*Machine Learning with PyTorch and Scikit-Learn* (Raschka, Liu, Mirjalili), unchanged in logic, with MNIST
read from IDX files by mnist_idx.py in the order fetch_openml('mnist_784') returns it (training file, then
test file), the chapter's normalization and scikit-learn split. Additions, marked below: timers around each
epoch, an optional float32 mode, and per-epoch metrics in the --json summary. It is the reference the
engine's `train --numpy-compat` reproduces (golden-trajectory.sh) and the one scripts/compare-numpy.sh times.

usage: seed_numpy.py [DATA_DIR] [--epochs 50] [--dtype float64|float32]
                     [--fast-onehot] [--json OUT.json]
"""
import argparse
import json
import os
import platform
import statistics
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mnist_idx import DEFAULT_DATA_DIR, load_split  # noqa: E402
from noise import Probe  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument('data_dir', nargs='?', default=DEFAULT_DATA_DIR)
ap.add_argument('--epochs', type=int, default=50)
ap.add_argument('--dtype', choices=['float64', 'float32'], default='float64')
ap.add_argument('--fast-onehot', action='store_true',
                help='(extra, not seed) vectorised int_to_onehot instead of the Python loop')
ap.add_argument('--json', default=None)
args = ap.parse_args()

# ---------------------------------------------------------------- env report
try:
    from threadpoolctl import threadpool_info
    _tp = threadpool_info()
except Exception as exc:  # pragma: no cover
    _tp = [{'error': repr(exc)}]
print('python', platform.python_version(), 'numpy', np.__version__)
for k in ('OPENBLAS_CORETYPE', 'OPENBLAS_L2_SIZE', 'OPENBLAS_NUM_THREADS',
          'OMP_NUM_THREADS', 'MKL_NUM_THREADS'):
    print(f'  env {k}={os.environ.get(k, "<unset>")}')
for d in _tp:
    print('  threadpoolctl:', {k: d.get(k) for k in
                               ('internal_api', 'version', 'architecture',
                                'num_threads', 'threading_layer', 'filepath')})

# ---------------------------------------------------------------- data
X_train, X_valid, X_test, y_train, y_valid, y_test = load_split(args.data_dir)
DT = np.dtype(args.dtype)
if DT != np.float64:
    X_train, X_valid, X_test = (a.astype(DT) for a in (X_train, X_valid, X_test))
print('train', X_train.shape, X_train.dtype, 'valid', X_valid.shape, 'test', X_test.shape)


##########################
### MODEL  (verbatim from the seed)
##########################

def sigmoid(z):
    return 1. / (1. + np.exp(-z))


def int_to_onehot(y, num_labels):

    ary = np.zeros((y.shape[0], num_labels))
    for i, val in enumerate(y):
        ary[i, val] = 1

    return ary


class NeuralNetMLP:

    def __init__(self, num_features, num_hidden, num_classes, random_seed=123):
        super().__init__()

        self.num_classes = num_classes

        # hidden
        rng = np.random.RandomState(random_seed)

        self.weight_h = rng.normal(
            loc=0.0, scale=0.1, size=(num_hidden, num_features))
        self.bias_h = np.zeros(num_hidden)

        # output
        self.weight_out = rng.normal(
            loc=0.0, scale=0.1, size=(num_classes, num_hidden))
        self.bias_out = np.zeros(num_classes)

    def forward(self, x):
        # Hidden layer
        z_h = np.dot(x, self.weight_h.T) + self.bias_h
        a_h = sigmoid(z_h)

        # Output layer
        z_out = np.dot(a_h, self.weight_out.T) + self.bias_out
        a_out = sigmoid(z_out)
        return a_h, a_out

    def backward(self, x, a_h, a_out, y):

        # onehot encoding
        y_onehot = int_to_onehot(y, self.num_classes)

        d_loss__d_a_out = 2.*(a_out - y_onehot) / y.shape[0]
        d_a_out__d_z_out = a_out * (1. - a_out)  # sigmoid derivative
        delta_out = d_loss__d_a_out * d_a_out__d_z_out  # "delta (rule) placeholder"

        d_z_out__dw_out = a_h
        d_loss__dw_out = np.dot(delta_out.T, d_z_out__dw_out)
        d_loss__db_out = np.sum(delta_out, axis=0)

        d_z_out__a_h = self.weight_out
        d_loss__a_h = np.dot(delta_out, d_z_out__a_h)
        d_a_h__d_z_h = a_h * (1. - a_h)  # sigmoid derivative
        d_z_h__d_w_h = x
        d_loss__d_w_h = np.dot((d_loss__a_h * d_a_h__d_z_h).T, d_z_h__d_w_h)
        d_loss__d_b_h = np.sum((d_loss__a_h * d_a_h__d_z_h), axis=0)

        return (d_loss__dw_out, d_loss__db_out,
                d_loss__d_w_h, d_loss__d_b_h)


# ---- variants (not in the seed) -------------------------------------------
if DT != np.float64 or args.fast_onehot:
    # float32: the seed's np.zeros(...) defaults to float64, which would silently
    # promote the whole backward pass to float64; make the one-hot match DT.
    _seed_int_to_onehot = int_to_onehot

    if args.fast_onehot:
        def int_to_onehot(y, num_labels):  # noqa: F811
            ary = np.zeros((y.shape[0], num_labels), dtype=DT)
            ary[np.arange(y.shape[0]), y] = 1
            return ary
    else:
        def int_to_onehot(y, num_labels):  # noqa: F811
            ary = np.zeros((y.shape[0], num_labels), dtype=DT)
            for i, val in enumerate(y):
                ary[i, val] = 1
            return ary


model = NeuralNetMLP(num_features=28*28,
                     num_hidden=50,
                     num_classes=10)
if DT != np.float64:
    model.weight_h = model.weight_h.astype(DT)
    model.bias_h = model.bias_h.astype(DT)
    model.weight_out = model.weight_out.astype(DT)
    model.bias_out = model.bias_out.astype(DT)

num_epochs = args.epochs
minibatch_size = 100


def minibatch_generator(X, y, minibatch_size):
    indices = np.arange(X.shape[0])
    np.random.shuffle(indices)

    for start_idx in range(0, indices.shape[0] - minibatch_size
                           + 1, minibatch_size):
        batch_idx = indices[start_idx:start_idx + minibatch_size]

        yield X[batch_idx], y[batch_idx]


def compute_mse_and_acc(nnet, X, y, num_labels=10, minibatch_size=100):
    mse, correct_pred, num_examples = 0., 0, 0
    minibatch_gen = minibatch_generator(X, y, minibatch_size)

    for i, (features, targets) in enumerate(minibatch_gen):

        _, probas = nnet.forward(features)
        predicted_labels = np.argmax(probas, axis=1)

        onehot_targets = int_to_onehot(targets, num_labels=num_labels)
        loss = np.mean((onehot_targets - probas)**2)
        correct_pred += (predicted_labels == targets).sum()

        num_examples += targets.shape[0]
        mse += loss

    mse = mse/i
    acc = correct_pred/num_examples
    return mse, acc


EPOCH_TIMES, TRAIN_TIMES, EVAL_TIMES, OTHER_CPU = [], [], [], []
_probe = Probe()


def train(model, X_train, y_train, X_valid, y_valid, num_epochs,
          learning_rate=0.1):

    epoch_loss = []
    epoch_train_acc = []
    epoch_valid_acc = []

    for e in range(num_epochs):
        _probe.reset()                                            # [timer]
        t0 = time.perf_counter()                                  # [timer]

        # iterate over minibatches
        minibatch_gen = minibatch_generator(
            X_train, y_train, minibatch_size)

        for X_train_mini, y_train_mini in minibatch_gen:

            #### Compute outputs ####
            a_h, a_out = model.forward(X_train_mini)

            #### Compute gradients ####
            d_loss__d_w_out, d_loss__d_b_out, d_loss__d_w_h, d_loss__d_b_h = \
                model.backward(X_train_mini, a_h, a_out, y_train_mini)

            #### Update weights ####
            model.weight_h -= learning_rate * d_loss__d_w_h
            model.bias_h -= learning_rate * d_loss__d_b_h
            model.weight_out -= learning_rate * d_loss__d_w_out
            model.bias_out -= learning_rate * d_loss__d_b_out

        t1 = time.perf_counter()                                  # [timer]
        #### Epoch Logging ####
        train_mse, train_acc = compute_mse_and_acc(model, X_train, y_train)
        valid_mse, valid_acc = compute_mse_and_acc(model, X_valid, y_valid)
        t2 = time.perf_counter()                                  # [timer]
        EPOCH_TIMES.append(t2 - t0)
        TRAIN_TIMES.append(t1 - t0)
        EVAL_TIMES.append(t2 - t1)
        OTHER_CPU.append(_probe.other_cpu())
        train_acc, valid_acc = train_acc*100, valid_acc*100
        epoch_train_acc.append(train_acc)
        epoch_valid_acc.append(valid_acc)
        epoch_loss.append(train_mse)
        print(f'Epoch: {e+1:03d}/{num_epochs:03d} '
              f'| Train MSE: {train_mse:.2f} '
              f'| Train Acc: {train_acc:.2f}% '
              f'| Valid Acc: {valid_acc:.2f}% '
              f'| {t2-t0:.3f}s (train {t1-t0:.3f}s, eval {t2-t1:.3f}s) '
              f'other_cpu {OTHER_CPU[-1]:.2f}', flush=True)

    return epoch_loss, epoch_train_acc, epoch_valid_acc


np.random.seed(123)  # for the training set shuffling

T0 = time.perf_counter()
epoch_loss, epoch_train_acc, epoch_valid_acc = train(
    model, X_train, y_train, X_valid, y_valid,
    num_epochs=num_epochs, learning_rate=0.1)
T_TOTAL = time.perf_counter() - T0

test_mse, test_acc = compute_mse_and_acc(model, X_test, y_test)
print(f'Test accuracy: {test_acc*100:.2f}%')

assert model.weight_h.dtype == DT and model.weight_out.dtype == DT


def _s(v):
    return {'median': statistics.median(v), 'min': min(v), 'max': max(v)}


QUIET = [t for t, o in zip(EPOCH_TIMES, OTHER_CPU) if o < 0.1]


summary = {
    'variant': f'numpy-{args.dtype}' + ('-fastonehot' if args.fast_onehot else ''),
    'epochs': num_epochs,
    'epoch_s': _s(EPOCH_TIMES), 'train_pass_s': _s(TRAIN_TIMES), 'eval_passes_s': _s(EVAL_TIMES),
    'total_train_loop_s': T_TOTAL,
    'quiet_epochs': len(QUIET),
    'epoch_s_quiet': _s(QUIET) if QUIET else None,
    'other_cpu': _s(OTHER_CPU),
    'final_train_mse': float(epoch_loss[-1]),
    'final_train_acc': float(epoch_train_acc[-1]),
    'final_valid_acc': float(epoch_valid_acc[-1]),
    'test_acc': float(test_acc * 100), 'test_mse': float(test_mse),
    'env': {k: os.environ.get(k) for k in ('OPENBLAS_CORETYPE', 'OPENBLAS_L2_SIZE')},
    'threadpoolctl': _tp,
    'epoch_times': EPOCH_TIMES,
    'other_cpu_per_epoch': OTHER_CPU,
    # [per-epoch metrics] accuracies in percent, the seed's MSE (sum of batch means / (batches - 1))
    'train_acc_per_epoch': [float(a) for a in epoch_train_acc],
    'valid_acc_per_epoch': [float(a) for a in epoch_valid_acc],
    'train_mse_per_epoch': [float(m) for m in epoch_loss],
}
print('SUMMARY', json.dumps({k: v for k, v in summary.items()
                             if k not in ('epoch_times', 'threadpoolctl', 'other_cpu_per_epoch')
                             and not k.endswith('_per_epoch')}))
if args.json:
    with open(args.json, 'w') as f:
        json.dump(summary, f, indent=1)
