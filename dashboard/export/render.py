"""Render plotly figures to PNG/SVG with kaleido in a long-lived child process.

``python -m dashboard.export.render`` reads JSON lists of jobs on stdin, one list a line
(``{"figure": {...}, "format": "png", "width": 1200, "height": 700, "scale": 2}``), and
answers each with one line: a JSON list of base64 images, or ``{"error": "..."}``.

NOTE: kaleido drives a Chromium from background threads of the calling process. Inside
the app's threaded servers that browser was seen to hang for good after the first request
thread ended, so images render in a child process with a single thread. NOTE (performance): the
child is kept (one per app process, started on first use and again after a fork, a crash
or a time-out), so only the first image waits for Chromium (~3 s); later ones take
0.2-0.4 s. It exits when the app process closes its stdin (or dies).
"""

from __future__ import annotations

import atexit
import base64
import contextlib
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import plotly.graph_objects as go

from dashboard.cache import cached_many

TIMEOUT_S = 50  # below gunicorn's 60 s worker timeout
ROOT = Path(__file__).resolve().parents[2]


class RenderError(RuntimeError):
    """The renderer failed or timed out."""


def render_many(jobs: list[dict]) -> list[bytes]:
    """Images of several figures, in order; those not cached render in one child process.

    NOTE (performance): an image is a pure function of its job (figure JSON, format,
    size), so it is cached by that content (``dashboard.cache.cached_many``): a deck or a
    PNG export asked for again, by any worker, skips the ~3 s browser start.
    """
    if not jobs:
        return []
    payloads = [json.dumps(job, default=_json_default, sort_keys=True) for job in jobs]
    return cached_many(
        "image", payloads, lambda missing: _render([payloads[k] for k in missing])
    )


def _render(payloads: list[str]) -> list[bytes]:
    """Render JSON-encoded jobs in the renderer process; the image bytes in order."""
    return [base64.b64decode(item) for item in _RENDERER.render(payloads)]


class _Renderer:
    """The long-lived child process of this app process, used by one request at a time."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.proc: subprocess.Popen | None = None
        self.owner = 0  # the pid that started it (a forked worker starts its own)

    def _ensure(self) -> subprocess.Popen:
        if (
            self.proc is None
            or self.owner != os.getpid()
            or self.proc.poll() is not None
        ):
            self._stop()
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "dashboard.export.render"],
                cwd=ROOT,  # the package is found from any working directory
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=None,  # its errors reach the app's log
            )
            self.owner = os.getpid()
        return self.proc

    def _stop(self) -> None:
        """End the renderer: stdin closed first, so kaleido closes its Chromium; killed
        if it does not exit within a few seconds."""
        proc, self.proc = self.proc, None
        if proc is None or self.owner != os.getpid():
            return  # a forked worker leaves its parent's renderer alone
        try:
            proc.stdin.close()
            proc.wait(timeout=3)
        except Exception:  # hung, or its pipe already broken
            proc.kill()
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=5)

    def render(self, payloads: list[str]) -> list[str]:
        line = ("[" + ",".join(payloads) + "]\n").encode("utf-8")
        with self.lock:
            # a renderer that died since the last use is restarted once
            for attempt in (1, 2):
                proc = self._ensure()
                started = time.monotonic()
                # NOTE: the time limit covers the write too (a child that stops reading
                # would block a large write for good): at the limit the child is killed,
                # so the blocked write or read returns at once.
                timer = threading.Timer(TIMEOUT_S, proc.kill)
                timer.daemon = True
                timer.start()
                try:
                    try:
                        proc.stdin.write(line)
                        proc.stdin.flush()
                    except BrokenPipeError:
                        pass  # it died: the read below sees the end of its output
                    answer = _read_line(proc)
                except BaseException:
                    # never leave an unread answer for the next request to take
                    self._stop()
                    raise
                finally:
                    timer.cancel()
                if answer:
                    break
                self._stop()
                if time.monotonic() - started >= TIMEOUT_S:
                    raise RenderError(f"image rendering took longer than {TIMEOUT_S} s")
                if attempt == 2:
                    raise RenderError("image rendering failed: the renderer stopped")
            reply = json.loads(answer)
            if isinstance(reply, list) and len(reply) != len(payloads):
                self._stop()  # out of step: start afresh
                raise RenderError("image rendering failed: wrong number of images")
        if isinstance(reply, dict):
            raise RenderError(f"image rendering failed: {reply.get('error')}")
        return reply


def _read_line(proc: subprocess.Popen) -> bytes:
    """The renderer's next answer line, or b"" if it ended (died or was killed)."""
    fd = proc.stdout.fileno()
    chunks = []
    while True:
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b""
        chunks.append(chunk)
        if chunk.endswith(b"\n"):
            return b"".join(chunks)


_RENDERER = _Renderer()
atexit.register(_RENDERER._stop)


def warm_up() -> None:
    """Start this process's renderer now, so the first export does not wait for Chromium
    (the child starts kaleido at once; called by the served app, not in tests)."""
    with _RENDERER.lock:
        _RENDERER._ensure()


def _json_default(value: object) -> object:
    if hasattr(value, "tolist"):
        return value.tolist()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def main() -> int:
    """Child-process entry point: a line of jobs in, a line of images (or an error) out."""
    # Anything a library prints goes to stderr: stdout carries only the answers.
    out = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    import warnings

    import kaleido

    # plotly passes kaleido options that its running server ignores: said on every image
    warnings.filterwarnings("ignore", message="The kopts argument is ignored")

    kaleido.start_sync_server(silence_warnings=True)
    try:
        for line in sys.stdin:
            if not line.strip():
                continue
            try:
                images = []
                for job in json.loads(line):
                    fig = go.Figure(job["figure"])
                    image = fig.to_image(
                        format=job["format"],
                        width=job["width"],
                        height=job["height"],
                        scale=job.get("scale", 1),
                    )
                    images.append(base64.b64encode(image).decode("ascii"))
                answer: object = images
            except Exception as exc:  # one bad job must not stop the renderer
                first = next((t for t in str(exc).splitlines() if t.strip()), "")
                answer = {"error": f"{type(exc).__name__}: {first.strip()}"[:300]}
            out.write(json.dumps(answer) + "\n")
            out.flush()
    finally:
        kaleido.stop_sync_server(silence_warnings=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
