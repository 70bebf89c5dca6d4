"""The database connection: persistent, health-checked, and without PostgreSQL's JIT."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def database_settings(**env: str) -> dict:
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CONN_MAX_AGE"}}
    clean.update(DEBUG="1", **env)
    code = (
        "import json, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'ictteam.settings';"
        "from django.conf import settings;"
        "print(json.dumps(settings.DATABASES['default'], default=str))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_postgres_connections_persist_are_checked_and_run_without_jit():
    db = database_settings(DATABASE_URL="postgres://u:p@db.example:5432/ictteam")
    assert db["CONN_MAX_AGE"] == 60 and db["CONN_HEALTH_CHECKS"] is True
    assert db["OPTIONS"]["options"] == "-c jit=off"


def test_jit_off_keeps_options_given_in_the_database_url():
    db = database_settings(
        DATABASE_URL="postgres://u:p@db.example:5432/ictteam?options=-c%20statement_timeout%3D5000",
        CONN_MAX_AGE="0",
    )
    assert db["OPTIONS"]["options"] == "-c statement_timeout=5000 -c jit=off"
    assert db["CONN_MAX_AGE"] == 0


def test_sqlite_gets_no_postgres_options():
    db = database_settings()
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert "options" not in db.get("OPTIONS", {})
