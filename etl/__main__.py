"""Command line of the ETL: ``python -m etl <command>`` (build, load-survey,
load-indicators, refresh-eurostat, draft-codebook, upgrade).

Every writing command takes ``--wait SECONDS`` (:func:`writer_options`); every loading
command also ``--dry-run`` and ``--max-reject-share`` (:func:`load_options`).

Exit codes: 0 done (row-level rejects, if any, are listed and stored in
``load_reject``); 1 the command failed and the database was left as it was; 2 the
command line was wrong.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from etl.checks import CheckFailed
from etl.framework import DEFAULT_MAX_REJECT_SHARE, LoadError
from etl.lock import DEFAULT_WAIT_SECONDS
from etl.paths import database_path, display_path


def _number_type(
    noun: str, valid: Callable[[float], bool], rule: str
) -> Callable[[str], float]:
    """An argparse type: a number for which ``valid`` holds (errors turn into exit 2).

    ``noun`` names what a non-number should have been; ``rule`` (with ``{text}``, the
    value given) says what a number out of range should have been.
    """

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not {noun}: {text!r}") from None
        if not valid(value):
            raise argparse.ArgumentTypeError(rule.format(text=text))
        return value

    return parse


# ``--max-reject-share``: a share of the rows read, from 0 to 1.
reject_share = _number_type(
    "a number",
    lambda v: 0 <= v <= 1,
    "must be between 0 and 1 (a share of the rows read), not {text}",
)
# ``--wait``: a number of seconds, 0 or more.
seconds = _number_type(
    "a number of seconds",
    lambda v: 0 <= v < 1e6,
    "must be 0 or more seconds, not {text}",
)
# ``--timeout``: more than 0 seconds.
positive = _number_type("a number", lambda v: v > 0, "must be more than 0")


def writer_options() -> argparse.ArgumentParser:
    """Options of every command that writes the database (a parent parser)."""
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument(
        "--wait",
        type=seconds,
        default=DEFAULT_WAIT_SECONDS,
        metavar="SECONDS",
        help="how long to wait while another command writes the database "
        f"(default {DEFAULT_WAIT_SECONDS:g}); then give up, changing nothing",
    )
    return options


def load_options() -> argparse.ArgumentParser:
    """Options of every command that loads a file: dry run and the reject limit."""
    options = argparse.ArgumentParser(add_help=False, parents=[writer_options()])
    options.add_argument(
        "--dry-run",
        action="store_true",
        help="check the file and print the full report, but change nothing "
        "(same exit code as the real load)",
    )
    options.add_argument(
        "--max-reject-share",
        type=reject_share,
        default=DEFAULT_MAX_REJECT_SHARE,
        metavar="SHARE",
        help="fail (changing nothing) when more than this share of the rows read is "
        f"rejected (default {DEFAULT_MAX_REJECT_SHARE:g}; 1 accepts anything)",
    )
    return options


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m etl",
        description="Build or update the Regional Ecosystem Scoreboard warehouse "
        "(database path from $SCOREBOARD_DB, default data/scoreboard.duckdb).",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser(
        "build",
        help="rebuild the database from the committed default inputs",
        parents=[writer_options()],
    )
    build.add_argument(
        "--inputs",
        type=Path,
        default=None,
        help="build from another copy of the data/ folder (default: the committed data/)",
    )

    survey = sub.add_parser(
        "load-survey",
        help="load a stakeholder-survey export (CSV or XLSX)",
        parents=[load_options()],
    )
    survey.add_argument("file", type=Path, help="the survey export")
    survey.add_argument(
        "--codebook", type=Path, required=True, help="YAML codebook for the export"
    )

    indicators = sub.add_parser(
        "load-indicators",
        help="load a table of regional indicators",
        parents=[load_options()],
    )
    indicators.add_argument(
        "file", type=Path, help="tidy CSV/XLSX or Eurostat bulk TSV"
    )
    indicators.add_argument("--format", choices=("tidy", "eurostat"), default="tidy")
    indicators.add_argument("--metadata", type=Path, help="indicator metadata CSV")

    refresh = sub.add_parser(
        "refresh-eurostat",
        help="download the current Eurostat datasets of the metadata and load them",
        description="Download every Eurostat dataset the indicator metadata names "
        "(eurostat_code; pinned indicators are left as loaded) from Eurostat's "
        "dissemination API ($SCOREBOARD_EUROSTAT_API), keep the files in "
        "$SCOREBOARD_EUROSTAT_CACHE (default data/eurostat/), load them all in one "
        "staged database and swap it in once; print what changed.",
        parents=[load_options()],
    )
    refresh.add_argument(
        "--only",
        nargs="+",
        action="extend",
        metavar="CODE",
        help="refresh only these dataset codes (e.g. --only tgs00010 rd_e_gerdreg)",
    )
    refresh.add_argument(
        "--metadata",
        type=Path,
        help="indicator metadata CSV that adds or updates indicators first "
        "(eurostat_code, eurostat_filter, eurostat_pinned)",
    )
    refresh.add_argument(
        "--timeout",
        type=positive,
        default=60.0,
        help="seconds to wait for an answer or for more data (default 60)",
    )
    refresh.add_argument(
        "--retries",
        type=int,
        choices=range(0, 11),
        default=3,
        metavar="N",
        help="further attempts after a failed download, with back-off (default 3)",
    )

    sub.add_parser(
        "upgrade",
        help="bring a database built by an older version up to date (keeps every load)",
        parents=[writer_options()],
    )

    draft = sub.add_parser(
        "draft-codebook",
        help="draft a codebook for a survey export, for a person to review "
        "(loads nothing)",
    )
    draft.add_argument("export", type=Path, help="the survey export (CSV or XLSX)")
    draft.add_argument(
        "--out",
        type=Path,
        default=None,
        help="write the draft to this file (never over an existing one); "
        "default: print it",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; print a clear error (never a traceback) when it fails."""
    args = _parser().parse_args(argv)
    target = database_path()
    try:
        if args.command == "build":
            from etl.build import build, default_steps

            build(
                target,
                steps=default_steps(args.inputs) if args.inputs else None,
                wait=args.wait,
            )
        elif args.command == "load-survey":
            from etl.commands import load_survey

            load_survey(
                target,
                args.file,
                args.codebook,
                dry_run=args.dry_run,
                max_reject_share=args.max_reject_share,
                wait=args.wait,
            )
        elif args.command == "upgrade":
            from etl.commands import upgrade

            upgrade(target, wait=args.wait)
        elif args.command == "draft-codebook":
            from etl.commands import draft_codebook

            draft_codebook(target, args.export, out=args.out)
        elif args.command == "load-indicators":
            from etl.commands import load_indicators

            load_indicators(
                target,
                args.file,
                fmt=args.format,
                metadata=args.metadata,
                dry_run=args.dry_run,
                max_reject_share=args.max_reject_share,
                wait=args.wait,
            )
        elif args.command == "refresh-eurostat":
            from etl.refresh import refresh_eurostat

            refresh_eurostat(
                target,
                only=args.only,
                metadata=args.metadata,
                dry_run=args.dry_run,
                timeout=args.timeout,
                retries=args.retries,
                max_reject_share=args.max_reject_share,
                wait=args.wait,
            )
    except (LoadError, CheckFailed) as exc:
        print(f"\nERROR {exc}", file=sys.stderr)
        print(
            f"Nothing was changed: {display_path(target)} is as it was.",
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        print(f"\nInterrupted. {display_path(target)} is as it was.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
