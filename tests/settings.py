"""Settings for the test suite: development mode, so pages render without collectstatic."""

import os

os.environ.setdefault("DEBUG", "1")
# Jobs run in the request that starts them; the tests of the real workers choose theirs
# (tests/overview/test_jobs.py, tests/browser/test_jobs.py, .ci/smoke.py).
os.environ.setdefault("JOBS_BACKEND", "immediate")

import tempfile  # noqa: E402

from ictteam.settings import *  # noqa: E402, F403

# Uploads waiting for confirmation never land in the working tree.
MEDIA_ROOT = tempfile.mkdtemp(prefix="ictteam-media-")

# Fast hashing: the suite creates many users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Login throttling has its own tests that switch it on.
AXES_ENABLED = False
# The suite reads English pages (a request without Accept-Language falls back to this);
# tests/test_i18n.py and tests/browser/test_dutch.py cover Dutch, the site's default.
LANGUAGE_CODE = "en"
