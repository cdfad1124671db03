"""An attacker who only reads the published table and tries to work out suppressed values.

Independent of the production code on purpose: exact rational arithmetic (no numpy), using
(1) plain subtraction — an equation with one unknown left is solved and substituted, again
and again; (2) full Gauss-Jordan elimination, which finds any value that some combination
of totals pins down; (3) bound propagation with the knowledge that a suppressed cell or
total is at least 1, which catches values pinned by "these must all be 1" arguments.
"""

from __future__ import annotations

from fractions import Fraction


def equations(table: dict) -> tuple[list[tuple[dict, Fraction]], list]:
    """Equations ``sum(coef * unknown) = constant`` the published table implies."""
    group_by = table["group_by"]
    cells = table["cells"]
    unknowns: list = []

    def var(name) -> int:
        if name not in unknowns:
            unknowns.append(name)
        return unknowns.index(name)

    slices: dict = {("all",): list(cells)}
    published_totals: dict = {("all",): table["totals"]["all"]}
    if len(group_by) >= 2:
        for d, name in enumerate(group_by):
            for entry in table["totals"][name]:
                key = (d, entry[name])
                published_totals[key] = entry
                slices[key] = [c for c in cells if c[name] == entry[name]]
    eqs = []
    for key, members in slices.items():
        coefs: dict[int, Fraction] = {}
        constant = Fraction(0)
        for c in members:
            if c["suppressed"]:
                cid = var(("cell", tuple(c[d] for d in group_by)))
                coefs[cid] = coefs.get(cid, Fraction(0)) + 1
            else:
                constant -= c["count"]
        total = published_totals[key]
        if total["suppressed"]:
            coefs[var(("total", key))] = Fraction(-1)
        else:
            constant += total["count"]
        eqs.append((coefs, constant))
    return eqs, unknowns


def by_subtraction(eqs: list[tuple[dict, Fraction]]) -> dict[int, Fraction]:
    known: dict[int, Fraction] = {}
    progress = True
    while progress:
        progress = False
        for coefs, constant in eqs:
            rest = {i: a for i, a in coefs.items() if i not in known}
            if len(rest) == 1:
                ((i, a),) = rest.items()
                value = (constant - sum(a2 * known[j] for j, a2 in coefs.items() if j in known)) / a
                known[i] = value
                progress = True
    return known


def by_elimination(eqs: list[tuple[dict, Fraction]], n: int) -> dict[int, Fraction]:
    rows = [[coefs.get(i, Fraction(0)) for i in range(n)] + [constant] for coefs, constant in eqs]
    pivot_row = 0
    for col in range(n):
        pivot = next((r for r in range(pivot_row, len(rows)) if rows[r][col] != 0), None)
        if pivot is None:
            continue
        rows[pivot_row], rows[pivot] = rows[pivot], rows[pivot_row]
        lead = rows[pivot_row][col]
        rows[pivot_row] = [x / lead for x in rows[pivot_row]]
        for r in range(len(rows)):
            if r != pivot_row and rows[r][col] != 0:
                f = rows[r][col]
                rows[r] = [x - f * y for x, y in zip(rows[r], rows[pivot_row], strict=True)]
        pivot_row += 1
    known = {}
    for row in rows:
        nonzero = [i for i in range(n) if row[i] != 0]
        if len(nonzero) == 1:
            known[nonzero[0]] = row[n] / row[nonzero[0]]
    return known


def by_bounds(eqs: list[tuple[dict, Fraction]], n: int, rounds: int = 200) -> list[tuple]:
    """Interval for each unknown, every unknown being at least 1."""
    inf = float("inf")
    lo = [1.0] * n
    hi = [inf] * n
    for _ in range(rounds):
        changed = False
        for coefs, constant in eqs:
            for i, a in coefs.items():
                # a * x_i = constant - sum(others)
                others_lo = sum(
                    (b * lo[j] if b > 0 else b * hi[j]) for j, b in coefs.items() if j != i
                )
                others_hi = sum(
                    (b * hi[j] if b > 0 else b * lo[j]) for j, b in coefs.items() if j != i
                )
                bounds = sorted(((constant - others_hi) / a, (constant - others_lo) / a))
                new_lo, new_hi = max(lo[i], bounds[0]), min(hi[i], bounds[1])
                if new_lo > lo[i] + 1e-9 or new_hi < hi[i] - 1e-9:
                    lo[i], hi[i] = new_lo, new_hi
                    changed = True
        if not changed:
            break
    return list(zip(lo, hi, strict=True))


def recovered(table: dict) -> dict:
    """Every suppressed cell or total the attacker can pin to one exact value."""
    eqs, unknowns = equations(table)
    found = {}
    for i, value in by_subtraction(eqs).items():
        found[unknowns[i]] = value
    for i, value in by_elimination(eqs, len(unknowns)).items():
        found[unknowns[i]] = value
    for i, (low, high) in enumerate(by_bounds(eqs, len(unknowns))):
        if high - low < 1e-9:
            found[unknowns[i]] = low
    return found
