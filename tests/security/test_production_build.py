"""The production static build: ``collectstatic`` with whitenoise's manifest storage (what the
Dockerfile runs) finishes without error, and every file a template names is in its manifest.

The slower, end-to-end version (a fresh virtual environment, ``pip install .``, the
Dockerfile's build-time environment) is ``scripts/check_production_build.sh`` in CI."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# The directives Django's manifest storage follows (its own patterns for JS and CSS).
SOURCE_MAP = re.compile(rb"(?m)^(?://|/\*)[#@][ \t]*sourceMappingURL=([^\s*]+)")
STATIC_TAG = re.compile(r"""{%\s*static\s+['"]([^'"]+)['"]""")


@pytest.fixture
def production_static(settings, tmp_path) -> Path:
    """The production storage writing into an empty STATIC_ROOT of this test's own."""
    settings.STORAGES = PRODUCTION_STORAGES
    settings.STATIC_ROOT = tmp_path / "static"
    return settings.STATIC_ROOT


def _collect() -> None:
    call_command("collectstatic", interactive=False, verbosity=0)


def test_it_collects_static_files_with_the_production_storage(production_static):
    _collect()
    manifest = json.loads((production_static / "staticfiles.json").read_text())
    assert "trends/css/dashboard.css" in manifest["paths"]


def test_it_finds_every_file_a_template_names_in_the_production_manifest(production_static):
    """With the manifest storage, ``{% static %}`` of an unknown name is a 500 on that page."""
    _collect()
    paths = json.loads((production_static / "staticfiles.json").read_text())["paths"]
    named = {
        name
        for template in (ROOT / "coord").rglob("templates/**/*.html")
        for name in STATIC_TAG.findall(template.read_text(encoding="utf-8"))
    }
    assert named, "no template names a static file: the pattern is wrong"
    assert sorted(named - set(paths)) == []


def test_it_ships_no_static_file_that_points_at_a_missing_source_map():
    """A vendored bundle's ``sourceMappingURL`` must name a file that is shipped beside it."""
    dangling = []
    for finder in finders.get_finders():
        for path, storage in finder.list([]):
            if not path.endswith((".js", ".css", ".mjs")):
                continue
            with storage.open(path) as handle:
                for target in SOURCE_MAP.findall(handle.read()):
                    name = target.decode("utf-8", "replace")
                    if name.startswith("data:"):
                        continue
                    sibling = str(Path(path).parent / name)
                    if not storage.exists(sibling):
                        dangling.append(f"{path} -> {name}")
    assert dangling == []
