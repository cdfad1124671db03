"""Private files (keys, the SQLite database, the data dir) never share a tree with served ones.

Static and media files are served by path. If a key file or the database sat inside a served
tree, or a served tree inside the data dir (so that ``/static/..`` is the data dir), one
path-handling bug away from disclosure would be too close. Settings call
``refuse_private_paths_in_served_trees`` at start-up, which fails loudly instead.
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured


def _inside(path: Path, tree: Path) -> bool:
    return path == tree or tree in path.parents


def refuse_private_paths_in_served_trees(
    *, private: dict[str, Path], private_dirs: dict[str, Path], served: dict[str, Path]
) -> None:
    """Raise ImproperlyConfigured naming the variables when a private path overlaps a served one.

    ``private`` are files (key files, the SQLite file): none may be inside a served tree.
    ``private_dirs`` (the data dir) may neither be inside a served tree nor contain one.
    ``served`` maps a setting name (``STATIC_ROOT``...) to its directory.
    """
    resolved = {name: Path(path).resolve() for name, path in served.items()}
    for name, path in {**private, **private_dirs}.items():
        path = Path(path).resolve()
        for served_name, tree in resolved.items():
            if _inside(path, tree):
                raise ImproperlyConfigured(
                    f"{name} ({path}) is inside {served_name} ({tree}), which is served: "
                    "keep keys and the database out of served directories"
                )
    for name, directory in private_dirs.items():
        directory = Path(directory).resolve()
        for served_name, tree in resolved.items():
            if _inside(tree, directory):
                raise ImproperlyConfigured(
                    f"{served_name} ({tree}) is inside {name} ({directory}): a served directory "
                    f"must not sit in the private data dir (set COORD_STATIC_ROOT/COORD_MEDIA_ROOT "
                    "elsewhere)"
                )
