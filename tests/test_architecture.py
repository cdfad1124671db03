"""The one rule of docs/architecture-notes.md, checked on the import graph (grimp, the
library under import-linter): views -> access policy -> services/selectors -> ground floor,
never upwards, never in a loop, and no DRF below the views.

Imports inside functions count: a lazy import that climbs a layer is still a climb.
"""

from __future__ import annotations

import re
from functools import cache

import grimp
import pytest

# Entry points: HTTP and CLI in and out. Anything may sit below them; nothing imports them
# from below.
VIEW_LAYER = re.compile(
    r"""^(
        coord\.web(\..*)? |
        coord\.urls | coord\.wsgi | coord\.celery | coord\.settings |
        coord\.lib\.(api|views|schema|health) | coord\.pii\.fields |
        coord\.bench(\..*)? |
        (coord\.\w+|sharing_policies)\.(api|urls|serializers|filters|admin|tasks|demo)(\..*)? |
        (coord\.\w+|sharing_policies)\.management(\..*)?
    )$""",
    re.VERBOSE,
)
POLICY_LAYER = re.compile(r"^sharing_policies\.access(\..*)?$")
FRAMEWORK_FREE = re.compile(r"^(coord\.\w+|sharing_policies)\.(services|selectors)(\..*)?$")


@cache
def graph() -> grimp.ImportGraph:
    return grimp.build_graph(
        "coord", "sharing_policies", include_external_packages=True, cache_dir=None
    )


def layer(module: str) -> int:
    """0 for the ground floor and services/selectors, 1 for the policy, 2 for views."""
    if VIEW_LAYER.match(module):
        return 2
    if POLICY_LAYER.match(module):
        return 1
    return 0


def own_modules() -> list[str]:
    return sorted(m for m in graph().modules if m.split(".")[0] in ("coord", "sharing_policies"))


def imports_of(module: str) -> set[str]:
    return {
        m
        for m in graph().find_modules_directly_imported_by(module)
        if m.split(".")[0] in ("coord", "sharing_policies")
    }


def test_it_never_imports_a_higher_layer_from_a_lower_one():
    climbs = [
        f"{module} -> {imported}"
        for module in own_modules()
        for imported in imports_of(module)
        if layer(imported) > layer(module) and not imported.startswith(module + ".")
    ]
    assert climbs == []


def test_it_keeps_services_and_selectors_free_of_the_api_framework():
    """Not even through a helper they import: no chain of imports from a service or a
    selector reaches ``rest_framework``."""
    framework = [
        " -> ".join(chain)
        for module in own_modules()
        if FRAMEWORK_FREE.match(module)
        and (chain := graph().find_shortest_chain(importer=module, imported="rest_framework"))
    ]
    assert framework == []


def _loops() -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iteratively)."""
    modules = [m for m in own_modules() if not m.startswith("coord.bench")]
    edges = {
        m: sorted(i for i in imports_of(m) if i in set(modules) and not m.startswith(i + "."))
        for m in modules
    }
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    loops = []
    counter = 0
    for root in modules:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            recurse = False
            for j in range(i, len(edges[node])):
                nxt = edges[node][j]
                if nxt not in index:
                    work.append((node, j + 1))
                    work.append((nxt, 0))
                    recurse = True
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            if recurse:
                continue
            if low[node] == index[node]:
                component = []
                while True:
                    top = stack.pop()
                    on_stack.discard(top)
                    component.append(top)
                    if top == node:
                        break
                if len(component) > 1:
                    loops.append(sorted(component))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return loops


def test_it_has_no_import_loop_outside_the_benchmarks():
    assert _loops() == []


@pytest.mark.parametrize(
    ("module", "expected"),
    [
        ("coord.cases.services", 0),
        ("sharing_policies.grants", 0),
        ("sharing_policies.access.cases", 1),
        ("coord.cases.api", 2),
        ("coord.web.views.cases", 2),
    ],
)
def test_it_places_modules_in_the_layers_the_notes_name(module, expected):
    assert layer(module) == expected


def test_it_would_see_a_lazy_import_that_climbs(tmp_path, monkeypatch):
    """The checker reads imports inside functions (the kind that hid the old loop)."""
    package = tmp_path / "layered_probe"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "low.py").write_text("def f():\n    from layered_probe import high\n")
    (package / "high.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))
    probe = grimp.build_graph("layered_probe", cache_dir=None)
    assert "layered_probe.high" in probe.find_modules_directly_imported_by("layered_probe.low")
