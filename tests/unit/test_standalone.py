"""The repository stands alone: nothing reads a folder beside the checkout, and no tracked
file carries a path of one developer's machine.

A clone from the project's public home has no sibling folders, so code or a test that reads
one fails there (or passes only on machines that happen to have it). The one exception is the
maintainers' snapshot-extraction tool in ``etl/extract/``, whose purpose is to read upstream
copies; its test skips with a stated reason when they are absent.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

CODE_SUFFIXES = {".py", ".sh", ".js", ".toml", ".cfg", ".ini", ".yaml", ".yml", ".sql"}
CODE_NAMES = {"Makefile", "run"}
# NOTE: the names these checks look for are assembled from parts, so that this file does
# not itself contain what it forbids (other checks of the repository read it as text).
SIBLING_NAME = "sha" + "red"
HOME_FOLDERS = ("wo" + "rk", "ho" + "me", "Us" + "ers")
# Reading the sibling folder, written in any of the ways Python or a shell would.
SIBLING = re.compile(
    r"\.\./" + SIBLING_NAME + r"\b"
    r"|parents?\[\d\]\s*/\s*[\"']" + SIBLING_NAME + r"[\"']"
    r"|\.parent\s*/\s*[\"']" + SIBLING_NAME + r"[\"']"
)
# A work or home folder of one machine, or a Windows user folder. Paths inside the
# Debian image (the Chromium binary under /usr/bin) are the same everywhere.
MACHINE_PATH = re.compile(
    r"(?<![\w.])(/" + HOME_FOLDERS[0] + r"/|/" + HOME_FOLDERS[1] + r"/\w+/"
    r"|/" + HOME_FOLDERS[2] + r"/\w+/|[A-Z]:\\" + HOME_FOLDERS[2] + r"\\)"
)


def _tracked() -> list[Path]:
    try:
        out = subprocess.run(
            ["git", "ls-files", "-z"],
            cwd=REPO,
            capture_output=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.fail("the standalone check needs git and a git checkout")
    return [REPO / p for p in out.decode("utf-8").split("\0") if p]


def _text(path: Path) -> str | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if b"\0" in data[:4096] or len(data) > 5_000_000:
        return None
    return data.decode("utf-8", errors="replace")


def _matching_lines(pattern: re.Pattern, *, code_only: bool = False) -> list[str]:
    """``file:line: text`` of every line of a tracked text file that ``pattern`` finds
    (``code_only``: source and build files outside the extraction tool)."""
    found = []
    for path in _tracked():
        rel = path.relative_to(REPO).as_posix()
        if code_only and (
            rel.startswith("etl/extract/")
            or (path.suffix not in CODE_SUFFIXES and path.name not in CODE_NAMES)
        ):
            continue
        text = _text(path)
        if text is None:
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            if pattern.search(line):
                found.append(f"{rel}:{number}: {line.strip()[:100]}")
    return found


def test_std001_no_code_outside_the_extraction_tool_reads_a_sibling_folder():
    offenders = _matching_lines(SIBLING, code_only=True)
    assert offenders == [], "reads a folder beside the checkout:\n" + "\n".join(
        offenders
    )


def test_std002_no_tracked_file_holds_a_path_of_one_machine():
    offenders = _matching_lines(MACHINE_PATH)
    assert offenders == [], "machine-specific paths:\n" + "\n".join(offenders)


def test_std003_the_checks_catch_what_they_are_for():
    # A test of the two patterns above on lines they must and must not flag.
    sib, (work, home, _users) = SIBLING_NAME, HOME_FOLDERS
    assert SIBLING.search(f'REFERENCE = REPO.parent / "{sib}" / "REFERENCE.md"')
    assert SIBLING.search(f"open('../{sib}/REFERENCE.md')")
    assert SIBLING.search(f'Path(__file__).resolve().parents[3] / "{sib}"')
    assert not SIBLING.search(f"{sib} = values[a] & values[b]")
    assert MACHINE_PATH.search(f"Run: cd /{work}/main && make test")
    assert MACHINE_PATH.search(f"/{home}/alice/project/data")
    assert not MACHINE_PATH.search('options.binary_location = "/usr/bin/chromium"')
    assert not MACHINE_PATH.search(f"see https://example.org/{work}/plan")
