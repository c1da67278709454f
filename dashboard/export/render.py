"""Render plotly figures to PNG/SVG with kaleido in a child process.

``python -m dashboard.export.render`` reads a JSON list of jobs on stdin
(``{"figure": {...}, "format": "png", "width": 1200, "height": 700, "scale": 2}``) and
writes a JSON list of base64 images on stdout.

NOTE: kaleido drives a Chromium from background threads of the calling process. Inside
the app's threaded servers that browser was seen to hang for good after the first request
thread ended, so every export renders in a short-lived child process instead: one browser
start (~3 s) per request, however many images it holds (a whole deck renders in one go).
"""

from __future__ import annotations

import base64
import json
import subprocess
import sys

import plotly.graph_objects as go

TIMEOUT_S = 180


class RenderError(RuntimeError):
    """The renderer failed or timed out."""


def render_many(jobs: list[dict]) -> list[bytes]:
    """Images of several figures, in order; those not cached render in one child process.

    NOTE (performance, #7): an image is a pure function of its job (figure JSON, format,
    size), so it is cached by that content (``dashboard.cache.cached_many``): a deck or a
    PNG export asked for again, by any worker, skips the ~3 s browser start.
    """
    if not jobs:
        return []
    payloads = [json.dumps(job, default=_json_default, sort_keys=True) for job in jobs]
    from dashboard.cache import cached_many

    return cached_many(
        "image", payloads, lambda missing: _render([payloads[k] for k in missing])
    )


def _render(payloads: list[str]) -> list[bytes]:
    """Render JSON-encoded jobs in one child process; returns the image bytes in order."""
    payload = "[" + ",".join(payloads) + "]"
    try:
        done = subprocess.run(
            [sys.executable, "-m", "dashboard.export.render"],
            input=payload.encode("utf-8"),
            capture_output=True,
            timeout=TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise RenderError(f"image rendering took longer than {TIMEOUT_S} s") from None
    if done.returncode != 0:
        tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [
            "no message"
        ]
        raise RenderError(f"image rendering failed: {tail[0]}")
    return [base64.b64decode(item) for item in json.loads(done.stdout)]


def _json_default(value: object) -> object:
    if hasattr(value, "tolist"):
        return value.tolist()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def main() -> int:
    """Child-process entry point (stdin jobs -> stdout images)."""
    import kaleido

    jobs = json.loads(sys.stdin.buffer.read())
    kaleido.start_sync_server(silence_warnings=True)
    try:
        out = []
        for job in jobs:
            fig = go.Figure(job["figure"])
            image = fig.to_image(format=job["format"], width=job["width"], height=job["height"],
                                 scale=job.get("scale", 1))  # fmt: skip
            out.append(base64.b64encode(image).decode("ascii"))
    finally:
        kaleido.stop_sync_server(silence_warnings=True)
    sys.stdout.write(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
