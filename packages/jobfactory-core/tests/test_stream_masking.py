"""Masking across write boundaries and on the binary buffer (issue 8.6)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from jobfactory_core.redaction import REDACTOR
from jobfactory_core.streams import MAX_PENDING, RedactingStream

SECRET = "pw-Canary-7f3a9"
PEM = "-----BEGIN KEY-----\nMIIEabc123\n-----END KEY-----"


def text_stream() -> tuple[RedactingStream, io.BytesIO, io.TextIOWrapper]:
    raw = io.BytesIO()
    inner = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
    return RedactingStream(inner), raw, inner


def written(stream: RedactingStream, raw: io.BytesIO) -> str:
    stream.drain()
    return raw.getvalue().decode("utf-8", "surrogateescape")


@pytest.fixture(autouse=True)
def _secrets() -> None:
    REDACTOR.register(SECRET)
    REDACTOR.register(PEM)


def test_a_secret_printed_in_pieces_is_masked() -> None:
    stream, raw, _ = text_stream()
    print(SECRET[:6], end="", file=stream)
    print(SECRET[6:], file=stream)
    stream.write("a")
    stream.write(SECRET[:3])
    stream.write(SECRET[3:9])
    stream.write(SECRET[9:] + " b\n")
    assert written(stream, raw) == "***\na*** b\n"


def test_a_flush_between_the_pieces_does_not_release_the_start_of_a_secret() -> None:
    stream, raw, _ = text_stream()
    stream.write("progress 50% " + SECRET[:5])
    stream.flush()
    assert raw.getvalue() == b"progress 50% "  # shown at once, all but the possible secret
    stream.write(SECRET[5:] + "\n")
    assert written(stream, raw) == "progress 50% ***\n"


def test_a_multi_line_secret_written_line_by_line_is_masked() -> None:
    stream, raw, _ = text_stream()
    for line in PEM.splitlines():
        stream.write(line + "\n")
    assert written(stream, raw) == "***\n"


def test_the_binary_buffer_masks_and_keeps_other_bytes() -> None:
    stream, raw, _ = text_stream()
    stream.write("text first\n")
    stream.buffer.write(b"\xff\xfe bytes " + SECRET[:4].encode())
    stream.buffer.write(SECRET[4:].encode() + " caf\u00e9\n".encode())
    stream.write("text last\n")
    stream.flush()
    assert raw.getvalue() == b"text first\n\xff\xfe bytes *** caf\xc3\xa9\ntext last\n"


def test_partial_lines_are_bounded_and_attributes_pass_through() -> None:
    stream, raw, inner = text_stream()
    stream.write("x" * (MAX_PENDING + 10))
    inner.flush()
    assert len(raw.getvalue()) >= MAX_PENDING  # not held without bound
    assert stream.encoding == "utf-8"
    assert stream.isatty() is False
    assert stream.at_line_start is False


JOB = textwrap.dedent(
    """
    import sys

    def main(db_password, **kwargs):
        print(db_password[:6], end="")
        print(db_password[6:])
        sys.stdout.buffer.write(db_password.encode() + b"\\n")
        sys.stdout.write("progress: 50%")
        return "done"
    """
)


def test_through_the_entry_in_a_real_process(tmp_path: Path) -> None:
    (tmp_path / "piecewise_job.py").write_text(JOB)
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "JOBFACTORY_HAS_SPARK": "false"}
    code = (
        "import sys; from jobfactory_core.entry import run_entry; "
        "from jobfactory_core.environment import Environment; "
        "sys.exit(run_entry(Environment()))"
    )
    process = subprocess.run(
        [sys.executable, "-c", code, "--module_name", "piecewise_job", "--db_password", SECRET],
        capture_output=True,
        env=env,
        timeout=120,
        check=False,
    )
    stdout = process.stdout.decode()
    assert process.returncode == 0, process.stderr.decode()
    assert SECRET not in stdout + process.stderr.decode()
    lines = stdout.splitlines()
    assert lines[:3] == ["***", "***", "progress: 50%"]
    assert lines[-1].startswith('{"status": "succeeded"')
