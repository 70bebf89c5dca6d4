#!/usr/bin/env python3
"""Production smoke test: log in to a running server, export a school's documents through a
background job, follow the job's page until it offers the zip, and download it.

Run by .ci/run against gunicorn (DEBUG=0, collected static files) with a job worker beside
it. Standard library only; loopback only; every wait is bounded.

    python .ci/smoke.py --base http://127.0.0.1:8765 --username U --password P --school SLUG
"""

from __future__ import annotations

import argparse
import http.cookiejar
import io
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile

TIMEOUT = 30  # seconds per request
JOB_DEADLINE = 180  # seconds for the worker to finish the export


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects are checked by hand: where a POST leads is part of what is tested."""

    def redirect_request(self, *args, **kwargs):
        return None


class Session:
    def __init__(self, base: str) -> None:
        host = urllib.parse.urlsplit(base).hostname
        if host not in ("127.0.0.1", "localhost", "::1"):
            raise SystemExit(f"refusing to test {base}: loopback only")
        self.base = base.rstrip("/")
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect()
        )

    def request(self, method: str, path: str, data: dict | None = None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, method=method)
        # Django's CSRF check wants a Referer on HTTPS only; the Origin header it checks
        # when present, so send the server's own.
        request.add_header("Origin", self.base)
        try:
            response = self.opener.open(request, timeout=TIMEOUT)
        except urllib.error.HTTPError as error:
            response = error
        return response.status, dict(response.headers), response.read()

    def get(self, path: str):
        return self.request("GET", path)

    def post(self, path: str, data: dict):
        data = {"csrfmiddlewaretoken": self.csrf_token(), **data}
        return self.request("POST", path, data)

    def csrf_token(self) -> str:
        for cookie in self.cookies:
            if cookie.name == "csrftoken":
                return cookie.value
        raise SystemExit("no CSRF cookie: the login page did not set one")


def check(condition: bool, message: str) -> None:
    if not condition:
        raise SystemExit(f"FAILED: {message}")
    print(f"ok: {message}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True)
    parser.add_argument("--username", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--school", required=True, help="slug of a school the user's team edits")
    args = parser.parse_args()
    session = Session(args.base)

    status, _headers, body = session.get("/accounts/login/")
    check(status == 200, f"the login page answers 200 (got {status})")
    stylesheet = re.search(rb'href="(/static/[^"]+\.css)"', body)
    check(stylesheet is not None, "the page links its stylesheet from /static/")
    status, _headers, _body = session.get(stylesheet.group(1).decode())
    check(status == 200, f"the collected stylesheet is served ({stylesheet.group(1).decode()})")

    status, headers, _body = session.post(
        "/accounts/login/", {"username": args.username, "password": args.password}
    )
    check(status == 302, f"logging in as {args.username} redirects (got {status})")

    documents = f"/schools/{args.school}/team/documents/"
    status, _headers, body = session.get(documents)
    check(status == 200, f"the school's documents page answers 200 (got {status})")
    export = f"/schools/{args.school}/team/documents/export/"
    check(export.encode() in body, "the documents page offers the export")

    status, headers, _body = session.post(export, {})
    location = headers.get("Location", "")
    job = re.fullmatch(r"/jobs/(\d+)/", location)
    check(status == 302 and job is not None, f"the export starts a job ({status} {location})")

    download = f"/jobs/{job.group(1)}/download/"
    deadline = time.monotonic() + JOB_DEADLINE
    while True:
        status, _headers, body = session.get(location)
        if status != 200:
            raise SystemExit(f"FAILED: the job's page answers {status}")
        if download.encode() in body:
            break
        if b"alert-danger" in body:
            raise SystemExit(f"FAILED: the job failed:\n{body.decode(errors='replace')}")
        if time.monotonic() > deadline:
            raise SystemExit(f"FAILED: the job did not finish within {JOB_DEADLINE} s")
        time.sleep(1)
    print(f"ok: the worker finished the job; its page offers {download}")

    status, headers, body = session.get(download)
    check(status == 200, f"the download answers 200 (got {status})")
    check(
        headers.get("Content-Type") == "application/zip",
        f"the download is a zip ({headers.get('Content-Type')})",
    )
    names = zipfile.ZipFile(io.BytesIO(body)).namelist()
    check(
        f"{args.school}/team-overview.pdf" in names,
        f"the zip holds {args.school}/team-overview.pdf ({len(names)} files)",
    )

    other = Session(args.base)
    status, _headers, _body = other.get(location)
    check(status == 302, "a visitor who is not logged in is sent to log in for the job")
    return 0


if __name__ == "__main__":
    sys.exit(main())
