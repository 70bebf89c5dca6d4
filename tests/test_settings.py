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


# The production variables the README's Configuration table documents.
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "a-production-secret-key-of-well-over-fifty-characters-0123456789",
    "ALLOWED_HOSTS": "ictteam.example",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "SECURE_HSTS_PRELOAD": "1",
}


def check_deploy(**env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DEBUG", "SECURE_"))}
    clean.pop("SECRET_KEY", None)
    clean.pop("DATABASE_URL", None)
    # The browser tests allow Django's ORM in Playwright's event loop; production never does.
    clean.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
    )


def test_check_deploy_reports_nothing_with_the_documented_production_variables():
    result = check_deploy(**PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_when_hsts_leaves_out_the_subdomains():
    result = check_deploy(**{**PRODUCTION, "SECURE_HSTS_INCLUDE_SUBDOMAINS": "0"})
    assert result.returncode != 0
    assert "security.W005" in result.stderr
