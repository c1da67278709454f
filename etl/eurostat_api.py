"""Download whole datasets from Eurostat's dissemination API (SDMX 2.1, TSV, gzip).

A dataset is fetched from ``<base>/data/<CODE>?format=TSV&compressed=true``, the URL
Eurostat documents for the bulk download that replaced its old bulk download facility
(October 2023). The base URL comes from ``$SCOREBOARD_EUROSTAT_API`` (default
Eurostat's own), so tests and mirrors can point elsewhere.

Every download is checked before anyone reads it (a complete gzip stream holding a
Eurostat TSV header, not an HTML error page served with status 200), kept in the
cache folder (``$SCOREBOARD_EUROSTAT_CACHE``, default ``data/eurostat/``, git-ignored)
as ``<code>.tsv.gz`` beside ``<code>.json`` with its SHA-256, URL and retrieval time:
Eurostat keeps no versions, so the kept file is the only record of what was loaded.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import time
import zlib
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import requests

from etl.framework import LoadError
from etl.paths import DATA, display_path

DEFAULT_BASE_URL = "https://ec.europa.eu/eurostat/api/dissemination/sdmx/2.1"
BASE_URL_ENV = "SCOREBOARD_EUROSTAT_API"
CACHE_ENV = "SCOREBOARD_EUROSTAT_CACHE"
DEFAULT_CACHE = DATA / "eurostat"
DEFAULT_TIMEOUT = 60.0
DEFAULT_RETRIES = 3
DEFAULT_BACKOFF = 2.0
USER_AGENT = "regional-ecosystem-scoreboard (python -m etl refresh-eurostat)"


def base_url() -> str:
    """The API base: ``$SCOREBOARD_EUROSTAT_API`` or Eurostat's own."""
    return os.environ.get(BASE_URL_ENV, "").strip() or DEFAULT_BASE_URL


def cache_folder() -> Path:
    """Where downloads are kept: ``$SCOREBOARD_EUROSTAT_CACHE`` or ``data/eurostat``."""
    configured = os.environ.get(CACHE_ENV, "").strip()
    return Path(configured).expanduser().resolve() if configured else DEFAULT_CACHE


def dataset_url(code: str, base: str | None = None) -> str:
    """The URL of a whole dataset as compressed SDMX-TSV."""
    return f"{(base or base_url()).rstrip('/')}/data/{code}?format=TSV&compressed=true"


@dataclass(frozen=True)
class Download:
    """One dataset file as downloaded and kept.

    Attributes:
        code: the Eurostat dataset code.
        path: the kept file (``<cache>/<code>.tsv.gz``).
        url: where it came from.
        sha256: hex digest of the kept (compressed) bytes.
        retrieved_at: when the download finished (UTC, naive, as ``load_log`` stores).
        size: bytes downloaded.
        seconds: time the successful attempt took.
        attempts: how many attempts it took.
    """

    code: str
    path: Path
    url: str
    sha256: str
    retrieved_at: datetime
    size: int
    seconds: float
    attempts: int


class _Retryable(Exception):
    """A failure worth another attempt (time-out, broken stream, server error)."""


def _problem(code: str, url: str, reason: str) -> LoadError:
    return LoadError("", f"Eurostat dataset {code}: {reason} ({url})")


def _check_content(data: bytes) -> None:
    """Raise if ``data`` is not a complete gzip stream holding a Eurostat TSV."""
    head = data[:512].lstrip().lower()
    if head.startswith((b"<!doctype", b"<html", b"<?xml", b"<")):
        raise _Retryable(
            "the server answered with an HTML/XML page instead of the data file "
            "(an error or maintenance page)"
        )
    if data[:2] != b"\x1f\x8b":
        raise _Retryable("the answer is not a gzip file")
    try:
        text = gzip.decompress(data)
    except (EOFError, OSError, zlib.error) as exc:
        raise _Retryable(f"the gzip file is truncated or corrupt ({exc})") from None
    first = text.split(b"\n", 1)[0].decode("utf-8-sig", errors="replace")
    if "\\" not in first.split("\t", 1)[0] or "geo" not in first:
        raise _Retryable(
            "the file is not a Eurostat TSV (its first line should look like "
            f"'freq,unit,geo\\TIME_PERIOD', not {first[:60]!r})"
        )


def _fetch(
    session: requests.Session,
    code: str,
    url: str,
    timeout: float,
    progress: Callable[[int], None] | None,
) -> bytes:
    try:
        response = session.get(url, stream=True, timeout=(timeout, timeout))
    except requests.Timeout:
        raise _Retryable(f"no answer within {timeout:g} s") from None
    except requests.RequestException as exc:
        raise _Retryable(f"cannot connect ({exc.__class__.__name__})") from None
    with response:
        status = response.status_code
        if status == 404:
            raise _problem(
                code, url, "unknown dataset code (HTTP 404 Not Found from the API)"
            )
        if status == 429 or status >= 500:
            raise _Retryable(f"HTTP {status} {response.reason}")
        if status != 200:
            raise _problem(code, url, f"HTTP {status} {response.reason}")
        chunks = []
        size = 0
        try:
            for chunk in response.iter_content(chunk_size=1 << 16):
                chunks.append(chunk)
                size += len(chunk)
                if progress:
                    progress(size)
        except requests.RequestException as exc:
            stalled = isinstance(exc, requests.ConnectionError) and "timed out" in str(
                exc
            )
            raise _Retryable(
                f"the download stalled: no data for {timeout:g} s after {size:,} bytes"
                if stalled or isinstance(exc, requests.Timeout)
                else f"the download broke off after {size:,} bytes "
                f"({exc.__class__.__name__})"
            ) from None
    return b"".join(chunks)


def download(
    code: str,
    *,
    cache: Path | None = None,
    base: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    retries: int = DEFAULT_RETRIES,
    backoff: float = DEFAULT_BACKOFF,
    say: Callable[[str], None] = print,
    sleep: Callable[[float], None] = time.sleep,
) -> Download:
    """Download one dataset, check it, keep it in the cache folder with its manifest.

    Args:
        code: the Eurostat dataset code (``rd_e_gerdreg``).
        cache: the folder to keep it in (default :func:`cache_folder`).
        base: the API base URL (default :func:`base_url`).
        timeout: seconds to wait for the connection and for each block of data.
        retries: further attempts after a time-out, a broken or corrupt download, an
            HTML page or a server error (never after a 404 or another client error).
        backoff: seconds before the first retry, doubled for each next one.
        say: where progress and retry lines go.

    Returns:
        The kept download.

    Raises:
        LoadError: the dataset could not be downloaded; the message names it, the URL
            and the reason.
    """
    url = dataset_url(code, base)
    folder = Path(cache or cache_folder())
    folder.mkdir(parents=True, exist_ok=True)
    delay = backoff
    with requests.Session() as session:
        session.headers["User-Agent"] = USER_AGENT
        for attempt in range(1, retries + 2):
            started = time.perf_counter()
            try:
                data = _fetch(session, code, url, timeout, None)
                _check_content(data)
            except _Retryable as exc:
                if attempt > retries:
                    raise _problem(
                        code, url, f"{exc} (gave up after {attempt} attempts)"
                    ) from None
                say(
                    f"  {code}: {exc}; retrying in {delay:g} s "
                    f"(attempt {attempt + 1} of {retries + 1})"
                )
                sleep(delay)
                delay *= 2
                continue
            seconds = time.perf_counter() - started
            break
    retrieved = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    path = folder / f"{code}.tsv.gz"
    staged = folder / f".{code}.tsv.gz.{os.getpid()}.tmp"
    staged.write_bytes(data)
    os.replace(staged, path)
    result = Download(
        code=code,
        path=path,
        url=url,
        sha256=hashlib.sha256(data).hexdigest(),
        retrieved_at=retrieved,
        size=len(data),
        seconds=seconds,
        attempts=attempt,
    )
    manifest = asdict(result)
    manifest.update(path=display_path(path), retrieved_at=retrieved.isoformat() + "Z")
    (folder / f"{code}.json").write_text(
        json.dumps(manifest, indent=2) + "\n", encoding="utf-8"
    )
    say(
        f"  {code:<18} {result.size:>12,} bytes  {seconds:6.1f} s"
        + (f"  ({attempt} attempts)" if attempt > 1 else "")
    )
    return result


def read_manifest(path: Path) -> dict:
    """The manifest kept beside a download (``<code>.json``)."""
    return json.loads(Path(path).read_text(encoding="utf-8"))
