"""HTML printed to PDF by headless Chromium, the browser kaleido already runs for images
(found the way kaleido finds it). Used for the region brief
(:mod:`dashboard.views.region_brief`).

NOTE: the HTML is written to a private temporary folder and printed from a file, with its
images inlined: the print needs no request back into the app (a server with every thread
busy could not answer it) and no network.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from dashboard.export.render import RenderError

PRINT_TIMEOUT_S = 40  # below gunicorn's 60 s worker timeout


def chromium_path() -> str:
    """The Chromium kaleido uses for images (``RenderError`` if there is none)."""
    from choreographer.browsers.chromium import Chromium

    path = Chromium.find_browser(skip_local=False)
    if not path:
        raise RenderError("no Chromium browser was found on this machine")
    return path


def print_pdf(page: str) -> bytes:
    """``page`` (HTML) printed to PDF by headless Chromium."""
    with tempfile.TemporaryDirectory(prefix="scoreboard-brief-") as folder:
        source = Path(folder) / "brief.html"
        target = Path(folder) / "brief.pdf"
        source.write_text(page, encoding="utf-8")
        command = [
            chromium_path(),
            "--headless",
            # NOTE: as for kaleido's images: the page is our own HTML from a file, with
            # no script and no network, and many servers run as root in a container,
            # where Chromium's sandbox cannot start.
            "--no-sandbox",
            "--disable-gpu",
            "--disable-extensions",
            "--no-first-run",
            f"--user-data-dir={Path(folder) / 'profile'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={target}",
            source.as_uri(),
        ]
        try:
            done = subprocess.run(
                command, capture_output=True, timeout=PRINT_TIMEOUT_S, check=False
            )
        except subprocess.TimeoutExpired as exc:
            raise RenderError(
                f"printing the PDF took longer than {PRINT_TIMEOUT_S} s"
            ) from exc
        if not target.exists() or target.stat().st_size == 0:
            tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
            raise RenderError(
                "printing the PDF failed" + (f": {tail[0][:200]}" if tail else "")
            )
        return target.read_bytes()
