"""Publish every package to a real package index on 127.0.0.1, then install from it and run.

pypiserver with a password file stands in for the index users publish to (a private index,
or PyPI itself); twine uploads through ``scripts/release/publish.py``, exactly what
``nox -s publish -- --repository-url URL`` runs.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .venvs import DIST, REPO, Venv, assert_entry_runs_noop, entry_package

pytestmark = pytest.mark.packaging

PUBLISH = REPO / "scripts" / "release" / "publish.py"
USER, PASSWORD = "releaser", "s3cret-upload-pass"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A pypiserver on 127.0.0.1 that needs a password to upload; stopped after the module."""
    from passlib.apache import HtpasswdFile

    root = tmp_path_factory.mktemp("index")
    (root / "packages").mkdir()
    passwords = HtpasswdFile(str(root / "htpasswd"), new=True)
    passwords.set_password(USER, PASSWORD)
    passwords.save()
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "pypiserver", "run", "--host", "127.0.0.1", "--port", str(port),
         "--passwords", str(root / "htpasswd"), "--authenticate", "update",
         "--disable-fallback", str(root / "packages")],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            assert server.poll() is None, server.stderr.read() if server.stderr else ""
            time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def publish(
    url: str, user: str = USER, password: str = PASSWORD
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TWINE_USERNAME": user, "TWINE_PASSWORD": password}
    return subprocess.run(
        [sys.executable, str(PUBLISH), "--repository-url", url, "--dist", str(DIST)],
        capture_output=True, text=True, env=env, timeout=300, check=False,
    )  # fmt: skip


@pytest.fixture(scope="module")
def published(index: str) -> str:
    done = publish(f"{index}/")
    assert done.returncode == 0, done.stdout + done.stderr
    assert PASSWORD not in done.stdout + done.stderr
    return index


def test_wrong_credentials_fail_clearly(published: str) -> None:
    done = publish(f"{published}/", password="not-the-password")
    assert done.returncode == 2, done.stdout + done.stderr
    assert "refused the credentials" in done.stderr
    assert "not-the-password" not in done.stdout + done.stderr


def test_publishing_a_version_again_fails_clearly(published: str) -> None:
    done = publish(f"{published}/")
    assert done.returncode == 3, done.stdout + done.stderr
    assert "is already on" in done.stderr and "nox -s release" in done.stderr


@pytest.mark.parametrize("entry_name", ["container", "glue", "databricks"])
def test_install_from_the_index_and_run(published: str, entry_name: str, tmp_path: Path) -> None:
    package = entry_package(entry_name)
    venv = Venv(tmp_path / "venv")
    # Our packages from the local index first; third-party ones from the usual index.
    venv.install("--index", f"{published}/simple/", package)
    assert_entry_runs_noop(venv, entry_name)
