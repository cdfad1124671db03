"""Keys and the SQLite file never share a tree with what is served: settings refuse a data
dir, key file or database inside STATIC_ROOT/MEDIA_ROOT, or a served tree inside the data dir,
in development as in production, and generate no dev key before refusing."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

SETTINGS = str(Path(__file__).resolve().parents[2] / "coord" / "settings.py")


@pytest.fixture
def dev_env(monkeypatch, tmp_path):
    for name in [
        "COORD_ENV",
        "DEBUG",
        "DATABASE_URL",
        "COORD_STATIC_ROOT",
        "COORD_MEDIA_ROOT",
        "SECRET_KEY_FILE",
        "COORD_MASTER_KEY",
        "COORD_MASTER_KEY_FILE",
        "COORD_AUDIT_SIGNING_KEY",
        "COORD_AUDIT_SIGNING_KEY_FILE",
    ]:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COORD_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("COORD_STATIC_ROOT", str(tmp_path / "public" / "static"))
    monkeypatch.setenv("COORD_MEDIA_ROOT", str(tmp_path / "public" / "media"))
    return monkeypatch


def _refusal() -> str:
    with pytest.raises(ImproperlyConfigured) as info:
        runpy.run_path(SETTINGS)
    return str(info.value)


def test_it_keeps_keys_and_database_out_of_the_served_trees_by_default(monkeypatch):
    for name in ("COORD_DATA_DIR", "COORD_STATIC_ROOT", "COORD_MEDIA_ROOT", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    values = runpy.run_path(SETTINGS)
    data_dir, static_root = values["COORD_DATA_DIR"], values["STATIC_ROOT"]
    assert data_dir not in static_root.parents and static_root not in data_dir.parents
    assert data_dir != static_root and values["MEDIA_ROOT"] not in data_dir.parents


def test_it_refuses_a_data_dir_inside_the_static_root(dev_env, tmp_path):
    dev_env.setenv("COORD_DATA_DIR", str(tmp_path / "public" / "static" / "var"))
    message = _refusal()
    assert "COORD_DATA_DIR" in message and "STATIC_ROOT" in message


def test_it_refuses_a_static_root_inside_the_data_dir(dev_env, tmp_path):
    dev_env.setenv("COORD_STATIC_ROOT", str(tmp_path / "var" / "static"))
    assert "COORD_STATIC_ROOT" in _refusal()


def test_it_refuses_a_media_root_that_holds_the_data_dir(dev_env, tmp_path):
    dev_env.setenv("COORD_MEDIA_ROOT", str(tmp_path))
    assert "MEDIA_ROOT" in _refusal()


def test_it_generates_no_dev_key_before_refusing(dev_env, tmp_path):
    dev_env.setenv("COORD_DATA_DIR", str(tmp_path / "public" / "static" / "var"))
    _refusal()
    assert list(tmp_path.rglob("*.key")) == []


def test_it_refuses_a_key_file_inside_a_served_tree(dev_env, tmp_path):
    key = tmp_path / "public" / "static" / "master.key"
    key.parent.mkdir(parents=True)
    key.write_text("A" * 43 + "=\n")
    dev_env.setenv("COORD_MASTER_KEY_FILE", str(key))
    assert "COORD_MASTER_KEY_FILE" in _refusal()


def test_it_refuses_a_sqlite_file_inside_a_served_tree(dev_env, tmp_path):
    dev_env.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'public' / 'media' / 'db.sqlite3'}")
    assert "SQLite" in _refusal()


def test_it_keeps_an_existing_data_dir_and_its_keys(dev_env, tmp_path):
    """A ``make run`` data dir from before keeps its keys: nothing moves, nothing regenerates."""
    data_dir = tmp_path / "var"
    first = runpy.run_path(SETTINGS)["COORD_MASTER_KEY"]
    (data_dir / "static").mkdir()  # where older versions collected static files
    again = runpy.run_path(SETTINGS)
    assert again["COORD_MASTER_KEY"] == first
    assert Path(again["DATABASES"]["default"]["NAME"]) == data_dir / "coord.sqlite3"
