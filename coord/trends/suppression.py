"""Small-cell suppression for published count tables (framework-free, tested on its own).

A table is a mapping ``cell key (tuple of dimension values) -> count >= 1``. Published
beside the cells: the grand total and, for two or more dimensions, every one-way
marginal total (the "rows" and "columns"). Each total is the sum of the cells of its
*slice*; every slice gives the reader one linear equation.

Method (docs/trends.md, "Suppression"):

1. Primary: a cell or a total under ``k`` is suppressed.
2. Secondary, slice rule, to a fixed point: in every slice whose total is published and
   that holds a suppressed cell, the suppressed cells must be at least two and sum to at
   least ``k + (their number - 1)``, so subtraction gives only a sum that cannot be split
   into values all known to be under ``k``. Otherwise the smallest published cell of the
   slice is suppressed too (or, if none is left, the slice's total).
3. Audit (exact): every suppressed cell and total is an unknown of the linear system the
   published totals give. An unknown whose unit vector lies in the row space of that
   system can be worked out exactly by adding and subtracting totals (not only within
   one slice); each such unknown gets one more suppression next to it and the whole
   procedure repeats. It stops because every round suppresses something more.
"""

from __future__ import annotations

import os
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

# The matrices here are small (a few hundred rows): BLAS threads only fight the web
# workers for CPU (measured: 2 s instead of 25 ms for one pseudo-inverse on a busy host).
# Set before numpy loads; an operator's own setting wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np

Key = tuple[Hashable, ...]
# A slice is (dimension index, value); the grand total is GRAND.
Slice = tuple[int, Hashable]
GRAND: Slice = (-1, None)


@dataclass
class Protected:
    """The outcome: which cells and totals are published, with every total's true sum."""

    cells: dict[Key, int]
    suppressed: set[Key]
    totals: dict[Slice, int]
    suppressed_totals: set[Slice] = field(default_factory=set)

    def published_cells(self) -> dict[Key, int | None]:
        return {key: None if key in self.suppressed else n for key, n in self.cells.items()}


def slices_of(key: Key, ndims: int) -> list[Slice]:
    """The slices one cell belongs to: one per dimension (when ndims >= 2), and the grand."""
    own = [(d, key[d]) for d in range(ndims)] if ndims >= 2 else []
    return [*own, GRAND]


def _members(cells: Iterable[Key], ndims: int) -> dict[Slice, list[Key]]:
    members: dict[Slice, list[Key]] = {}
    for key in cells:
        for s in slices_of(key, ndims):
            members.setdefault(s, []).append(key)
    return members


def protect(cells: dict[Key, int], *, ndims: int, k: int) -> Protected:
    """Suppress cells and totals so no suppressed value is under ``k`` and recoverable."""
    if any(n < 1 for n in cells.values()):
        raise ValueError("cells hold positive counts only (zero cells are left out)")
    try:
        ordered = sorted(cells)
    except TypeError:  # mixed value types: any fixed order will do
        ordered = sorted(cells, key=repr)
    members = _members(ordered, ndims)
    totals = {s: sum(cells[c] for c in keys) for s, keys in members.items()}
    suppressed = {c for c, n in cells.items() if n < k}
    sup_totals = {s for s, n in totals.items() if n < k}
    order = sorted(members, key=repr)

    def smallest_published(keys: Iterable[Key]) -> Key | None:
        candidates = [(cells[c], repr(c), c) for c in keys if c not in suppressed]
        return min(candidates)[2] if candidates else None

    while True:
        changed = True
        while changed:
            changed = False
            for s in order:
                if s in sup_totals:
                    continue
                hidden = [c for c in members[s] if c in suppressed]
                if not hidden:
                    continue
                if len(hidden) >= 2 and sum(cells[c] for c in hidden) >= k + len(hidden) - 1:
                    continue
                extra = smallest_published(members[s])
                if extra is not None:
                    suppressed.add(extra)
                else:
                    sup_totals.add(s)
                changed = True
        unknowns, slices, matrix = _system(members, suppressed, sup_totals)
        before = (len(suppressed), len(sup_totals))
        determined = _determined(unknowns, matrix)
        for kind, item in determined:
            _widen(kind, item, ndims, members, totals, suppressed, sup_totals, smallest_published)
        if not determined:
            pinned = _pinned_slices(unknowns, slices, matrix, cells, totals)
            if not pinned:
                break  # nothing determined, nothing pinned: done
            for s in pinned:
                extra = None if s in sup_totals else smallest_published(members[s])
                if extra is not None:
                    suppressed.add(extra)
                elif s not in sup_totals:
                    sup_totals.add(s)
        if (len(suppressed), len(sup_totals)) == before:
            # Nothing left to hide next to them: hide the smallest value still shown anywhere.
            # (Once everything is hidden nothing is determined or pinned, so this ends.)
            extra = smallest_published(cells)
            shown = set(members) - sup_totals
            if extra is not None:
                suppressed.add(extra)
            elif shown:
                sup_totals.add(min(shown, key=lambda s: (totals[s], repr(s))))
            else:
                break
    return Protected(dict(cells), suppressed, totals, sup_totals)


def _widen(kind, item, ndims, members, totals, suppressed, sup_totals, smallest_published):
    """One more suppression next to a recoverable unknown."""
    if kind == "cell":
        own = slices_of(item, ndims)
        neighbours = [c for s in own if s not in sup_totals for c in members[s]]
        extra = smallest_published(neighbours)
        if extra is not None:
            suppressed.add(extra)
            return
        published = [s for s in own if s not in sup_totals]
        if published:
            sup_totals.add(min(published, key=lambda s: (totals[s], repr(s))))
        return
    # a total: hide another total of the same dimension, or the grand total
    d = item[0]
    same = [s for s in members if s[0] == d and s != item and s not in sup_totals]
    if d == GRAND[0]:  # the grand total follows from any complete set of marginal totals
        same = [s for s in members if s != GRAND and s not in sup_totals]
    if same:
        sup_totals.add(min(same, key=lambda s: (totals[s], repr(s))))
    elif GRAND not in sup_totals:
        sup_totals.add(GRAND)
    else:  # nothing left to hide beside it: hide a published cell of its slice
        extra = smallest_published(members[item])
        if extra is not None:
            suppressed.add(extra)


def _system(
    members: dict[Slice, list[Key]], suppressed: set[Key], sup_totals: set[Slice]
) -> tuple[list[tuple[str, object]], list[Slice], np.ndarray]:
    """The reader's equations over the unknowns: each slice gives ``sum(cells) - total = 0``;
    with the published values moved to the right this is ``A x = b``."""
    unknowns: list[tuple[str, object]] = [("cell", c) for c in sorted(suppressed, key=repr)]
    unknowns += [("total", s) for s in sorted(sup_totals, key=repr)]
    index = {u: i for i, u in enumerate(unknowns)}
    rows, slices = [], []
    for s, keys in members.items():
        row = np.zeros(len(unknowns))
        for c in keys:
            if c in suppressed:
                row[index[("cell", c)]] = 1.0
        if s in sup_totals:
            row[index[("total", s)]] = -1.0
        if row.any():
            rows.append(row)
            slices.append(s)
    matrix = np.vstack(rows) if rows else np.zeros((0, len(unknowns)))
    return unknowns, slices, matrix


def _row_space_solver(matrix: np.ndarray) -> np.ndarray:
    """``(A A^T)^+``: with it, ``A^T (A A^T)^+`` is the least-norm solver and projector."""
    return np.linalg.pinv(matrix @ matrix.T, hermitian=True)


def _determined(unknowns: list, matrix: np.ndarray) -> list[tuple[str, object]]:
    """Unknowns the equations fix exactly: ``x_i`` is fixed when the unit vector ``e_i``
    lies in the row space of ``A``, i.e. its projection on that space has length 1."""
    if not unknowns or matrix.shape[0] == 0:
        return []
    projection = ((_row_space_solver(matrix) @ matrix) * matrix).sum(axis=0)
    return [u for u, p in zip(unknowns, projection, strict=True) if p > 1 - 1e-7]


def _pinned_slices(
    unknowns: list,
    slices: list[Slice],
    matrix: np.ndarray,
    cells: dict[Key, int],
    totals: dict[Slice, int],
) -> list[Slice]:
    """Slices through which "every unknown is at least 1" could pin unknowns equal to 1.

    A reader knows each suppressed value is at least 1. Values that are exactly 1 are
    safe when the equations allow all of them to grow together: some ``n`` with
    ``A n = 0`` and ``n = 1`` on them (then the whole table can move, and with the rank
    check no unknown is fixed). We look for the least-norm such ``n``; where none exists,
    the slices whose equations it breaks are returned for more suppression.
    """
    if matrix.shape[0] == 0:
        return []
    tight = np.array([(cells if kind == "cell" else totals)[item] == 1 for kind, item in unknowns])
    if not tight.any():
        return []
    rhs = -matrix[:, tight].sum(axis=1)
    free = matrix[:, ~tight]
    if free.shape[1] == 0:
        residual = -rhs
    else:
        n_free = free.T @ (_row_space_solver(free) @ rhs)
        residual = free @ n_free - rhs
    return [s for s, r in zip(slices, residual, strict=True) if abs(r) > 1e-7]
