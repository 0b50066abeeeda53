#!/usr/bin/env python3
"""Writes the small .npy files TabularDataTest reads, with numpy.save (run: python3 make-fixtures.py)."""
import numpy as np

x = np.array([[0.0, 10.0, -1.5], [1.0, 20.0, 0.5], [0.5, 15.0, 2.5], [0.25, 10.0, -1.5]])
np.save("x-f8.npy", x)
np.save("x-f4.npy", x.astype(np.float32))
np.save("x-i4.npy", np.array([[1, 2], [3, 4], [5, 6], [7, 8]], dtype=np.int32))
np.save("y-i8.npy", np.array([0, 1, 2, 1], dtype=np.int64))
np.save("y-u1.npy", np.array([0, 1, 2, 1], dtype=np.uint8))
np.save("y-col.npy", np.array([[0], [1], [2], [1]], dtype=np.int32))
np.save("y-f8.npy", np.array([0.0, 1.0, 2.0, 1.5]))
np.save("y-3.npy", np.array([0, 1, 2], dtype=np.int64))
np.save("x-nan.npy", np.array([[0.0, 1.0], [np.nan, 2.0], [1.0, 1.0], [2.0, 2.0]]))
np.save("x-1d.npy", np.array([1.0, 2.0, 3.0, 4.0]))
np.save("x-complex.npy", np.ones((4, 2), dtype=np.complex64))
np.save("x-big-endian.npy", np.ones((4, 2), dtype=">f8"))
np.save("x-fortran.npy", np.asfortranarray(x))
with open("x-f8.npy", "rb") as f:
    whole = f.read()
with open("x-truncated.npy", "wb") as f:
    f.write(whole[:-5])
