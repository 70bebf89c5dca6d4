"""Settings come from the environment; production refuses the development key."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_settings(**env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL"}
    }
    clean.update(env)
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'ictteam.settings';"
        "from django.conf import settings;"
        "print(settings.DEBUG, settings.DATABASES['default']['ENGINE'], settings.ALLOWED_HOSTS)"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def test_production_refuses_the_development_secret_key():
    result = load_settings(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is the development key" in result.stderr


def test_production_starts_with_its_own_key_and_postgres_url():
    result = load_settings(
        DEBUG="0",
        SECRET_KEY="a-real-production-secret",
        DATABASE_URL="postgres://u:p@db.example:5432/ictteam",
        ALLOWED_HOSTS="ictteam.example,www.ictteam.example",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[:2] == ["False", "django.db.backends.postgresql"]
    assert "ictteam.example" in result.stdout


def test_development_defaults_to_sqlite():
    result = load_settings(DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert "django.db.backends.sqlite3" in result.stdout
