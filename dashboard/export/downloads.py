"""The Data & methods downloads as plain files: ``GET /download/data/NAME.csv|xlsx``.

Each is a table with its provenance block (title, source, definitions), written like a
chart's CSV/XLSX export; names come from an allowlist
(:data:`dashboard.views.data_methods.DOWNLOADS`), cached per build.
"""

from __future__ import annotations

import io
import logging

import flask

log = logging.getLogger(__name__)

PREFIX = "/download/data/"
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def href(name: str, fmt: str) -> str:
    """The address of one download."""
    return f"{PREFIX}{name}.{fmt}"


def file_bytes(name: str, fmt: str) -> bytes | None:
    """The file for a download name and format; None when either is unknown."""
    from dashboard.cache import cached
    from dashboard.export.files import to_csv_bytes, to_xlsx_bytes
    from dashboard.views.data_methods import DOWNLOADS

    download = DOWNLOADS.get(name)
    if download is None or fmt not in FORMATS:
        return None

    def make() -> bytes:
        payload = download.build()
        return to_csv_bytes(payload) if fmt == "csv" else to_xlsx_bytes(payload)

    return cached("data-download", (name, fmt), make)


def register(server: flask.Flask) -> None:
    """Serve the downloads under :data:`PREFIX`."""

    @server.get(PREFIX + "<name>.<fmt>")
    def download_data(name: str, fmt: str):
        from dashboard.db import DatabaseUnavailable

        try:
            content = file_bytes(name, fmt)
        except DatabaseUnavailable as exc:
            log.warning("data download %s.%s failed: %s", name, fmt, exc)
            return flask.Response(
                "The data could not be read just now. Please try again.",
                status=503,
                mimetype="text/plain",
            )
        if content is None:
            return flask.Response(
                "No such download.", status=404, mimetype="text/plain"
            )
        return flask.send_file(
            io.BytesIO(content),
            mimetype=FORMATS[fmt],
            as_attachment=True,
            download_name=f"{name}.{fmt}",
        )
