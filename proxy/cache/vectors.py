"""`VectorIndex`: exact cosine top-k over one partition's vectors, in a preallocated numpy matrix.

Layout: row i of a float32 matrix holds a vector; parallel arrays hold its expiry (float64, on the
owner's clock), exact-cache key and signature; a dict maps each key to its row, so adding a key
again replaces its vector (the old row is marked dead). A search is one matrix-vector product over
the rows in use (BLAS), expired and dead rows masked to -inf, `np.argpartition` for the top k and a
sort of those k only.

Memory is bounded by `capacity` rows:

- Growth: the matrix starts at `initial_rows` (4: a partition costs what it holds, not a block
  allocated in advance, so many small partitions cannot exhaust memory) and doubles (up to
  `capacity`) when full. Before growing, if at least a quarter of the rows are expired or dead
  they are compacted away in place instead, so expired rows are reclaimed lazily, without a
  sweeper and without a second copy of the matrix.
- At capacity the rows form a ring in insertion order: a new vector overwrites the oldest row
  (expired or not). The ring is never compacted (that would reorder it); with one TTL per
  partition the oldest rows are also the first to expire, so they are what the ring reuses first.
- When a search finds no live row at all the matrix is released (back to its initial size), so an
  idle partition costs almost nothing until it is used again.

`nbytes` is what the index holds: the allocated matrix and expiry rows plus each used row's key
and signature, so a store can count it against its byte budget.

Not thread-safe; every method is synchronous and O(rows x dim) at worst.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from proxy.cache.store import Neighbour, Vector

_DEAD = -np.inf  # the expiry of a row replaced by a newer vector for the same key


class VectorIndex:
    """Vectors of one dimension `dim`, at most `capacity` rows; see the module docstring."""

    __slots__ = (
        "_alloc",
        "_capacity",
        "_dim",
        "_expiry",
        "_head",
        "_initial",
        "_keys",
        "_meta_bytes",
        "_rows",
        "_sigs",
        "_vecs",
    )

    def __init__(self, dim: int, capacity: int, *, initial_rows: int = 4) -> None:
        if dim <= 0 or capacity <= 0:
            raise ValueError("dim and capacity must be positive")
        self._dim = dim
        self._capacity = capacity
        self._initial = max(1, min(initial_rows, capacity))
        self._reset()

    @property
    def dim(self) -> int:
        return self._dim

    @property
    def capacity(self) -> int:
        return self._capacity

    @property
    def allocated(self) -> int:
        """Rows the matrix has room for (grows by doubling up to `capacity`)."""
        return self._alloc

    @property
    def nbytes(self) -> int:
        """Bytes held: the allocated arrays, and each used row's key, signature and bookkeeping."""
        return self._vecs.nbytes + self._expiry.nbytes + self._meta_bytes

    def __len__(self) -> int:
        """Rows in use, live or not."""
        return len(self._keys)

    def live_count(self, now: float) -> int:
        """Rows neither expired at `now` nor replaced."""
        return int(np.count_nonzero(self._expiry[: len(self._keys)] > now))

    def add(self, key: str, vector: Vector, signature: bytes, expires_at: float, now: float) -> None:
        """Index `vector` (shape `(dim,)`) for `key` until `expires_at`, replacing the key's previous vector."""
        if vector.shape != (self._dim,):
            raise ValueError(f"vector of shape {vector.shape} in an index of dimension {self._dim}")
        previous = self._rows.pop(key, None)
        if previous is not None:
            self._expiry[previous] = _DEAD
        row = self._free_row(now)
        self._vecs[row] = vector
        self._expiry[row] = expires_at
        if row == len(self._keys):
            self._keys.append(key)
            self._sigs.append(signature)
        else:
            self._meta_bytes -= _row_bytes(self._keys[row], self._sigs[row])
            self._keys[row] = key
            self._sigs[row] = signature
        self._meta_bytes += _row_bytes(key, signature)
        self._rows[key] = row

    def nearest(self, vector: Vector, k: int, now: float) -> list[Neighbour]:
        """The `k` live rows most similar to `vector`, best first; [] for a query of another dimension."""
        used = len(self._keys)
        if k <= 0 or used == 0 or vector.shape != (self._dim,):
            return []
        scores: NDArray[np.float32] = self._vecs[:used] @ vector
        expired = self._expiry[:used] <= now
        live = used - int(np.count_nonzero(expired))
        if live == 0:
            self._reset()  # nothing left to find: give the memory back
            return []
        if live < used:
            scores[expired] = -np.inf
        k = min(k, live)  # so the top k are all live rows
        top = np.argpartition(scores, used - k)[used - k :] if k < used else np.arange(used)
        top = top[np.argsort(-scores[top], kind="stable")]
        return [Neighbour(float(scores[i]), self._keys[i], self._sigs[i]) for i in top.tolist()]

    def _reset(self) -> None:
        self._alloc = self._initial
        self._vecs: NDArray[np.float32] = np.zeros((self._alloc, self._dim), dtype=np.float32)
        self._expiry: NDArray[np.float64] = np.full(self._alloc, _DEAD, dtype=np.float64)
        self._keys: list[str] = []
        self._sigs: list[bytes] = []
        self._rows: dict[str, int] = {}
        self._meta_bytes = 0
        self._head = 0  # the oldest row once the ring is full; 0 until then

    def _free_row(self, now: float) -> int:
        used = len(self._keys)
        if used < self._alloc:
            return used
        if self._alloc < self._capacity:
            if self._reclaimable(now) * 4 >= used:
                self._compact(now)
            else:
                self._grow()
            return len(self._keys)
        row = self._head  # full: overwrite the oldest
        self._head = (row + 1) % self._capacity
        if self._rows.get(self._keys[row]) == row:
            del self._rows[self._keys[row]]
        return row

    def _reclaimable(self, now: float) -> int:
        return len(self._keys) - self.live_count(now)

    def _grow(self) -> None:
        alloc = min(self._alloc * 2, self._capacity)
        vecs = np.zeros((alloc, self._dim), dtype=np.float32)
        vecs[: self._alloc] = self._vecs
        expiry = np.full(alloc, _DEAD, dtype=np.float64)
        expiry[: self._alloc] = self._expiry
        self._vecs, self._expiry, self._alloc = vecs, expiry, alloc

    def _compact(self, now: float, chunk: int = 4096) -> None:
        """Move the live rows to the front, keeping their order; only called before the ring wraps.

        Rows move only towards the front (`keep[i] >= i`), so copying chunk by chunk in order never
        overwrites a row still to be read, and no second matrix is needed."""
        keep = np.flatnonzero(self._expiry[: len(self._keys)] > now)
        for start in range(0, len(keep), chunk):
            rows = keep[start : start + chunk]
            self._vecs[start : start + len(rows)] = self._vecs[rows]
        n = len(keep)
        self._expiry[:n] = self._expiry[keep]
        self._expiry[n:] = _DEAD
        order = keep.tolist()
        self._keys = [self._keys[i] for i in order]
        self._sigs = [self._sigs[i] for i in order]
        self._rows = {key: row for row, key in enumerate(self._keys)}
        self._meta_bytes = sum(map(_row_bytes, self._keys, self._sigs))


ROW_OVERHEAD = 120
"""Per used row: the key and signature objects' headers, their list slots and the key's dict entry."""


def _row_bytes(key: str, signature: bytes) -> int:
    return len(key) + len(signature) + ROW_OVERHEAD
