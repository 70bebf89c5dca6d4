"""Production's static files storage: each hashed address is worked out once."""

import json

import pytest

from schools.storage import StaticFilesStorage


def _storage(tmp_path):
    (tmp_path / "staticfiles.json").write_text(
        json.dumps({"version": "1.1", "paths": {"css/site.css": "css/site.abc123.css"}})
    )
    return StaticFilesStorage(location=str(tmp_path), base_url="/static/")


def test_the_address_is_the_manifests_hashed_name(tmp_path):
    assert _storage(tmp_path).url("css/site.css") == "/static/css/site.abc123.css"


def test_the_second_use_of_a_name_reads_no_manifest(tmp_path, monkeypatch):
    storage = _storage(tmp_path)
    first = storage.url("css/site.css")
    monkeypatch.setattr(storage, "hashed_files", {})
    assert storage.url("css/site.css") == first


def test_a_name_missing_from_the_manifest_is_refused_every_time(tmp_path):
    storage = _storage(tmp_path)
    for _ in range(2):
        with pytest.raises(ValueError):
            storage.url("js/missing.js")
