"""Generates the JSON files beside it: values drawn by NumPy's legacy RandomState and split by scikit-learn,
which the engine's ports (org.mlpengine.core.data.numpy) are tested against. Tests read only the JSON files.

    python3 generate.py MNIST_DIR        # Debian: apt-get install python3-numpy python3-sklearn

MNIST_DIR holds the MNIST IDX files (train-labels-idx1-ubyte, t10k-labels-idx1-ubyte, raw or .gz); only the
labels are read, for the split of the 70,000 images. Floats are written with Python's repr, which Java's
Double.parseDouble reads back exactly; index lists are checked through SHA-256 of their int32 little-endian bytes.
"""
import gzip
import hashlib
import json
import os
import sys

import numpy as np
import sklearn
from sklearn.model_selection import train_test_split
from sklearn.utils import _approximate_mode

HERE = os.path.dirname(os.path.abspath(__file__))


def write(name, obj):
    obj = {'generatedBy': f'generate.py (numpy {np.__version__}, scikit-learn {sklearn.__version__})', **obj}
    with open(os.path.join(HERE, name), 'w') as f:
        json.dump(obj, f, separators=(',', ':'))
        f.write('\n')


def ints(a):
    return [int(v) for v in a]


def sha256_int32(a):
    return hashlib.sha256(np.asarray(a, dtype='<i4').tobytes()).hexdigest()


def summary(a, k=50):
    """Head, tail and hash of a long index list."""
    return {'length': len(a), 'head': ints(a[:k]), 'tail': ints(a[-k:]), 'sha256': sha256_int32(a)}


def raw32(seed, n):
    return ints(np.random.RandomState(seed)._bit_generator.random_raw(n))


# ---- MT19937 as RandomState(seed) seeds it: the first 1,500 raw 32-bit outputs (past two state refills)
write('mt19937.json', {'raw32': {str(s): raw32(s, 1500) for s in (0, 1, 123, 5489, 2**32 - 1)}})

# ---- random_sample (53-bit doubles) and the legacy polar Gaussian with its cached second value
rs = np.random.RandomState(123)
sample = [float(v) for v in rs.random_sample(100)]
rs = np.random.RandomState(123)
calls = [[float(v) for v in rs.normal(0.0, 0.1, n)] for n in (3, 4, 1, 1, 1001)]
rs = np.random.RandomState(2024)
standard = [float(v) for v in rs.standard_normal(1000)]
# The seed's NeuralNetMLP(784, 50, 10, random_seed=123): weight_h, then weight_out, from one RandomState.
rs = np.random.RandomState(123)
weight_h = rs.normal(loc=0.0, scale=0.1, size=(50, 784))
weight_out = rs.normal(loc=0.0, scale=0.1, size=(10, 50))
write('normal.json', {
    'randomSample123': sample,
    'normal123Calls': {'sizes': [3, 4, 1, 1, 1001], 'values': calls},
    'standardNormal2024': standard,
    'seedInit': {
        'weightH': {'shape': list(weight_h.shape), 'head': [float(v) for v in weight_h.ravel()[:20]],
                    'tail': [float(v) for v in weight_h.ravel()[-20:]],
                    'sha256Float32': hashlib.sha256(weight_h.astype('<f4').tobytes()).hexdigest()},
        'weightOut': {'shape': list(weight_out.shape), 'values': [float(v) for v in weight_out.ravel()]},
    },
})

# ---- shuffle and permutation (the legacy bounded-integer algorithm), the global generator as the seed uses it
np.random.seed(123)
shuffles = []
for n in (20, 7, 1, 2, 1000, 300):
    a = np.arange(n)
    np.random.shuffle(a)
    shuffles.append(ints(a))
rs = np.random.RandomState(7)
perms = [ints(rs.permutation(n)) for n in (10, 1, 33)]
perm_of_list = ints(rs.permutation([5, 9, 11, 2, 40]))
rs = np.random.RandomState(7)
choice = ints(rs.choice(np.array([3, 8, 13, 21, 34, 55]), 4, replace=False))
# Huge bounds: numpy switches to 64-bit draws above 2**32 - 1 (not used by the engine, bounds stay below it).
rs = np.random.RandomState(99)
a = np.arange(40)
rs.shuffle(a)
big_bounds = ints(a)


def seed_epoch_orders(n_train, n_valid, epochs):
    """The seed: np.random.seed(123) once; per epoch a training shuffle, then the shuffles inside
    compute_mse_and_acc on the training and on the validation set."""
    np.random.seed(123)
    orders = []
    for _ in range(epochs):
        idx = np.arange(n_train)
        np.random.shuffle(idx)
        orders.append(idx)
        np.random.shuffle(np.arange(n_train))
        np.random.shuffle(np.arange(n_valid))
    return orders


small = seed_epoch_orders(300, 40, 4)
mnist = seed_epoch_orders(55000, 5000, 50)
write('shuffle.json', {
    'seed123Shuffles': shuffles,
    'permutations7': perms,
    'permutationOfList7': {'list': [5, 9, 11, 2, 40], 'result': perm_of_list},
    'choice7': {'population': [3, 8, 13, 21, 34, 55], 'size': 4, 'result': choice},
    'shuffle99Of40': big_bounds,
    'epochOrdersSmall': {'train': 300, 'valid': 40, 'orders': [ints(o) for o in small]},
    'epochOrdersMnist': {'train': 55000, 'valid': 5000,
                         'epochs': {str(e): summary(mnist[e - 1]) for e in (1, 2, 3, 17, 50)}},
})

# ---- scikit-learn: _approximate_mode (ties broken with RandomState.choice) and train_test_split
cases = []
for counts, draws, seed in (([4, 2], 3, 0), ([5, 2], 4, 0), ([2, 2, 2, 1], 2, 0), ([2, 2, 2, 1], 2, 42),
                            ([3, 3, 3, 3, 3], 7, 123), ([10, 10, 10, 5, 5, 5, 1], 11, 5)):
    cases.append({'counts': counts, 'draws': draws, 'seed': seed,
                  'result': ints(_approximate_mode(np.array(counts), draws, np.random.RandomState(seed)))})
gen = np.random.RandomState(11)
for _ in range(30):
    k = int(gen.randint(2, 12))
    counts = [int(c) for c in gen.randint(1, 40, size=k)]
    counts[int(gen.randint(k))] = counts[0]  # a tie, often
    draws = int(gen.randint(0, sum(counts) + 1))
    seed = int(gen.randint(0, 1000))
    cases.append({'counts': counts, 'draws': draws, 'seed': seed,
                  'result': ints(_approximate_mode(np.array(counts), draws, np.random.RandomState(seed)))})


def seed_split(y, test, valid, seed=123):
    """The seed's two train_test_split calls, on the row indices: returns (train, valid, test) rows of y."""
    rows = np.arange(len(y))
    r_temp, r_test, y_temp, _ = train_test_split(rows, y, test_size=test, random_state=seed, stratify=y)
    r_train, r_valid = train_test_split(r_temp, test_size=valid, random_state=seed, stratify=y_temp)
    return r_train, r_valid, r_test


splits = []
for n, classes, test, valid, seed in ((503, 4, 50, 40, 123), (1000, 10, 100, 97, 123), (257, 3, 31, 29, 7)):
    g = np.random.RandomState(n)
    y = g.randint(0, classes, size=n)
    tr, va, te = seed_split(y, test, valid, seed)
    splits.append({'labels': ints(y), 'test': test, 'valid': valid, 'seed': seed,
                   'train': ints(tr), 'validRows': ints(va), 'testRows': ints(te)})


def read_labels(path):
    opener = gzip.open if path.endswith('.gz') else open
    with opener(path, 'rb') as f:
        data = f.read()
    assert data[:4] == b'\x00\x00\x08\x01', path
    return np.frombuffer(data, dtype=np.uint8, offset=8)


def find(d, name):
    p = os.path.join(d, name)
    return p if os.path.exists(p) else p + '.gz'


out = {'approximateMode': cases, 'smallSplits': splits}
if len(sys.argv) > 1:
    y = np.concatenate([read_labels(find(sys.argv[1], 'train-labels-idx1-ubyte')),
                        read_labels(find(sys.argv[1], 't10k-labels-idx1-ubyte'))]).astype(np.int64)
    tr, va, te = seed_split(y, 10000, 5000)
    out['mnist'] = {'labelsSha256': hashlib.sha256(y.astype(np.uint8).tobytes()).hexdigest(),
                    'train': summary(tr), 'valid': summary(va), 'test': summary(te)}
write('sklearn_split.json', out)
