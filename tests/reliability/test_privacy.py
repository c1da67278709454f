"""Privacy: no personal data in the database, small cells protected everywhere.

- Survey exports with e-mail, name and comment columns are loaded through the real
  loader; every table and every text column (and the raw file bytes) is then scanned
  for any of those values.
- A survey with many small region x stakeholder-type cells (1-4 respondents) is loaded;
  every breakdown the query layer can produce (by region / by type, every filter) shows
  counts only for cells of at least five, and no suppressed cell can be recovered: not
  by differencing two views or filters, and not by any linear combination of all the
  published figures (a rank test over the atom grid).
- Every registered survey chart's CSV/XLSX export, every survey page and the download
  callback are checked the same way; nothing respondent-level can be downloaded.
"""

from __future__ import annotations

import base64
import io
import itertools
import json
import random
import re
import shutil
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from tests.etl_helpers import PILOT_IDS, db_rows
from tests.fixtures.survey_tool.make_exports import ANSWERS_A
from tests.page_render import render_page

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "survey"
CODEBOOK = FIXTURES / "codebook.yaml"
DATASET = "fixture-wave-1"
HEADER = [
    "ID",
    "Région",
    "Type d'acteur",
    "Email",
    "Name",
    "K1. Main-d'œuvre qualifiée",
    "K2",
    "E1. Économie circulaire",
    "D2",
    "Comments",
]
LABELS = [*ANSWERS_A, ""]  # the survey tool's labels, and a blank answer
COUNTS = ("n_1", "n_2", "n_3", "n_4", "n_5", "n_dk")


def _load(db: Path, export: Path) -> None:
    from etl.commands import load_survey
    from etl.report import Reporter

    load_survey(db, export, CODEBOOK, reporter=Reporter(stream=io.StringIO()))


def _write_export(path: Path, con: duckdb.DuckDBPyConnection, seed: int = 5) -> None:
    """Every region x type cell with 0-20 respondents, many of them 1-4 (small)."""
    rng = random.Random(seed)
    regions = [r for (r,) in con.execute(PILOT_IDS).fetchall()]
    types = [
        t
        for (t,) in con.execute(
            "SELECT name FROM dim_stakeholder_type ORDER BY 1"
        ).fetchall()
    ]
    rows, number = [], 0
    for region in regions:
        for kind in types:
            for _ in range(rng.choice([0, 1, 1, 2, 3, 4, 5, 6, 8, 12, 20])):
                number += 1
                answers = [rng.choice(LABELS) for _ in range(4)]
                rows.append(
                    [
                        f"P{number:04d}",
                        region,
                        kind,
                        f"person{number}@example.org",
                        f"Fictitious Person {number}",
                        *answers,
                        f"Call me on +00 555 {number:04d}, ask for Fictitious",
                    ]
                )
    pd.DataFrame(rows, columns=HEADER).to_csv(path, index=False, encoding="utf-8")


@pytest.fixture(scope="module")
def privacy_db(tmp_path_factory, built_db) -> tuple[Path, Path]:
    """A built database with a real-like survey full of small cells (and its export)."""
    folder = tmp_path_factory.mktemp("privacy")
    db = folder / "privacy.duckdb"
    shutil.copyfile(built_db, db)
    export = folder / "export_with_pii_small_cells.csv"
    with duckdb.connect(str(db), read_only=True) as con:
        _write_export(export, con)
    _load(db, export)
    return db, export


@pytest.fixture
def use_db(monkeypatch, privacy_db):
    from dashboard import db as db_module

    monkeypatch.setenv("SCOREBOARD_DB", str(privacy_db[0]))
    monkeypatch.setattr(db_module, "_db", None)
    yield privacy_db[0]
    db_module._db = None


def _personal_values(export: Path) -> set[str]:
    frame = pd.read_csv(export, dtype=str, keep_default_na=False)
    values = set()
    for column in ("Email", "Name", "Comments"):
        values |= {v for v in frame[column] if v}
    return values


def _text_cells(db: Path) -> dict[tuple[str, str], set[str]]:
    with duckdb.connect(str(db), read_only=True) as con:
        columns = con.execute(
            "SELECT table_name, column_name FROM duckdb_columns() "
            "WHERE data_type = 'VARCHAR' AND NOT internal"
        ).fetchall()
        return {
            (t, c): {
                r[0]
                for r in con.execute(
                    f'SELECT DISTINCT "{c}" FROM "{t}" WHERE "{c}" IS NOT NULL'
                ).fetchall()
            }
            for t, c in columns
        }


def test_prv001_no_personal_data_in_any_table_or_column(privacy_db, built_db, tmp_path):
    fixture_db = tmp_path / "fixture.duckdb"
    shutil.copyfile(built_db, fixture_db)
    _load(fixture_db, FIXTURES / "export_with_pii.csv")
    email = re.compile(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", re.IGNORECASE)
    for db, export in ((fixture_db, FIXTURES / "export_with_pii.csv"), privacy_db):
        personal = _personal_values(export)
        assert len(personal) > 10
        cells = _text_cells(db)
        assert len(cells) > 20  # every text column of every table was read
        for (table, column), values in cells.items():
            assert not re.search(r"mail|phone|comment|person_name", column, re.I)
            for value in values:
                assert not email.search(value), (table, column, value)
                assert "Fictitious" not in value, (table, column, value)
                assert value not in personal, (table, column, value)
        # Not even in free pages of the file.
        raw = db.read_bytes()
        assert b"example.org" not in raw and b"Fictitious" not in raw
        with duckdb.connect(str(db), read_only=True) as con:
            notes = con.execute(
                "SELECT message FROM load_log ORDER BY load_id DESC LIMIT 1"
            ).fetchall()[0][0]
        assert "Email" in notes and "not stored" in notes  # only the header is named


def _raw_atoms(db: Path) -> pd.DataFrame:
    """The true answer counts per statement, region and type (the attacker's target)."""
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(
            """
            SELECT f.statement_id, r.region_id, r.stakeholder_type_id,
                   count(*) FILTER (WHERE answer = 1) AS n_1,
                   count(*) FILTER (WHERE answer = 2) AS n_2,
                   count(*) FILTER (WHERE answer = 3) AS n_3,
                   count(*) FILTER (WHERE answer = 4) AS n_4,
                   count(*) FILTER (WHERE answer = 5) AS n_5,
                   count(*) FILTER (WHERE answer IS NULL) AS n_dk
            FROM fct_response f JOIN dim_respondent r USING (respondent_id)
            WHERE r.dataset = ?
            GROUP BY ALL
            """,
            [DATASET],
        ).df()


def _views(regions: list[str], types: list[str], seed: int = 11):
    """Every filter the pages offer: all type subsets; many region subsets."""
    rng = random.Random(seed)
    yield "region", None
    for k in range(1, len(types) + 1):
        for subset in itertools.combinations(types, k):
            yield "region", list(subset)
    yield "stakeholder_type", None
    subsets = {tuple(regions)} | {(r,) for r in regions}
    subsets |= {tuple(x for x in regions if x != r) for r in regions}
    while len(subsets) < 80:
        subsets.add(
            tuple(sorted(rng.sample(regions, rng.randint(2, len(regions) - 1))))
        )
    for subset in sorted(subsets):
        yield "stakeholder_type", list(subset)


def test_prv002_suppression_holds_in_every_breakdown_and_resists_differencing(use_db):
    from dashboard.analytics import likert
    from dashboard.queries import survey as survey_queries

    atoms = _raw_atoms(use_db)
    atoms["size"] = atoms[list(COUNTS)].sum(axis=1)
    atoms["substantive"] = atoms[list(COUNTS[:5])].sum(axis=1)
    regions = sorted(atoms["region_id"].unique())
    types = sorted(atoms["stakeholder_type_id"].unique())
    small = atoms[(atoms["size"].between(1, 4)) | (atoms["substantive"].between(1, 4))]
    assert len(small) > 20, "the test survey must have small cells"
    protection = likert.protect(atoms.drop(columns=["size", "substantive"]))

    published: dict[str, list[tuple[set, np.ndarray]]] = {}
    checked = 0
    for by, within in _views(regions, types):
        frame = survey_queries.agree_breakdown(DATASET, by=by, within=within)
        for row in frame.itertuples():
            checked += 1
            if row.status == "empty":
                assert row.n == 0 and row.n_dk == 0, row
                continue
            if row.status != "ok":
                assert all(pd.isna(getattr(row, c)) for c in (*COUNTS, "n")), row
                assert pd.isna(row.share)
                continue
            assert row.n >= 5 and row.n + row.n_dk >= 5, row
            pattern = protection[row.statement_id]
            key = "region_id" if by == "region" else "stakeholder_type_id"
            other = "stakeholder_type_id" if by == "region" else "region_id"
            mine = atoms[
                (atoms["statement_id"] == row.statement_id)
                & (atoms[key] == row.group_id)
            ]
            if within is not None:
                mine = mine[mine[other].isin(within)]
            chosen = {
                a
                for a in zip(
                    mine["region_id"], mine["stakeholder_type_id"], strict=True
                )
                if (a[0], a[1]) not in pattern.excluded
            }
            truth = mine[
                [
                    (a, b) in chosen
                    for a, b in zip(
                        mine["region_id"], mine["stakeholder_type_id"], strict=True
                    )
                ]
            ]
            shown = np.array([getattr(row, c) for c in COUNTS], dtype=int)
            assert (truth[list(COUNTS)].sum().to_numpy() == shown).all(), row
            published.setdefault(row.statement_id, []).append((chosen, shown))
    pooled = survey_queries.pooled_shares(DATASET)
    for row in pooled.itertuples():
        if pd.isna(row.n):
            continue
        pattern = protection[row.statement_id]
        chosen = {
            (a, b)
            for a, b in zip(
                atoms.loc[atoms["statement_id"] == row.statement_id, "region_id"],
                atoms.loc[
                    atoms["statement_id"] == row.statement_id, "stakeholder_type_id"
                ],
                strict=True,
            )
            if (a, b) not in pattern.excluded
        }
        published[row.statement_id].append((chosen, np.array([])))
    assert checked > 1000

    recoverable = []
    tested = 0
    for sid, group in small.groupby("statement_id"):
        grid = sorted(
            zip(
                atoms.loc[atoms["statement_id"] == sid, "region_id"],
                atoms.loc[atoms["statement_id"] == sid, "stakeholder_type_id"],
                strict=True,
            )
        )
        index = {a: i for i, a in enumerate(grid)}
        figures = published.get(sid, [])
        # 1. Differencing two published views: any pair whose atom sets differ by one
        #    small atom would reveal it.
        sets = [frozenset(c) for c, _ in figures]
        unique_sets = set(sets)
        for target in zip(
            group["region_id"], group["stakeholder_type_id"], strict=True
        ):
            tested += 1
            for s in unique_sets:
                if target in s and (s - {target}) in unique_sets:
                    recoverable.append((sid, target, "difference of two views"))
        # 2. Any linear combination of every published figure (row, column, pooled
        #    totals over every filter): the atom must not be in their span.
        matrix = np.zeros((len(unique_sets), len(grid)))
        for i, s in enumerate(unique_sets):
            for a in s:
                matrix[i, index[a]] = 1
        rank = np.linalg.matrix_rank(matrix) if len(unique_sets) else 0
        for target in zip(
            group["region_id"], group["stakeholder_type_id"], strict=True
        ):
            unit = np.zeros(len(grid))
            unit[index[target]] = 1
            if (
                len(unique_sets)
                and np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank
            ):
                recoverable.append(
                    (sid, target, "linear combination of published figures")
                )
    assert tested > 20
    assert recoverable == []


def _survey_cards() -> list[str]:
    from dashboard.components import exports

    cards = []
    for card_id in sorted(exports._REGISTRY):
        payload = exports.payload_for(card_id, "")
        if (
            payload is not None
            and "survey" in f"{payload.source} {payload.definitions}".lower()
        ):
            cards.append(card_id)
    return cards


def _export_texts(payload) -> list[str]:
    from openpyxl import load_workbook

    from dashboard.export.files import to_csv_bytes, to_xlsx_bytes

    texts = [to_csv_bytes(payload).decode("utf-8-sig")]
    book = load_workbook(io.BytesIO(to_xlsx_bytes(payload)), read_only=True)
    cells = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            cells.extend("" if v is None else str(v) for v in row)
    texts.append("\n".join(cells))
    return texts


# NOTE: the protected unit is the breakdown cell (respondents of one region or type for
# one statement). Inside a cell of n >= 5, the answer-category counts (n_1..n_5, n_dk)
# are exactly what a Likert bar shows as shares, so they are not held to the n >= 5 rule.
ANSWER_COUNTS = {"n_1", "n_2", "n_3", "n_4", "n_5", "n_dk", "agree"}


def _assert_no_small_counts(frame: pd.DataFrame, where: str) -> None:
    for column in frame.columns:
        name = str(column).lower()
        if name in ANSWER_COUNTS:
            continue
        if name == "n" or name.startswith("n_") or name in {"respondents", "count"}:
            values = pd.to_numeric(frame[column], errors="coerce").dropna()
            assert ((values == 0) | (values >= 5)).all(), (where, column, list(values))


def test_prv003_every_survey_export_is_protected_and_aggregate(use_db, dash_app):
    from dashboard.components import exports

    ids = {
        i
        for (i,) in db_rows(
            use_db,
            "SELECT respondent_id FROM dim_respondent WHERE dataset = ?",
            [DATASET],
        )
    }
    regions = [r for (r,) in db_rows(use_db, PILOT_IDS)]
    raw_ids = {i.split(":", 1)[1] for i in ids}
    cards = _survey_cards()
    assert cards, "no registered survey chart found"
    searches = ["", f"?ds={DATASET}"] + [
        f"?ds={DATASET}&region={r}" for r in regions[:4]
    ]
    searches += [f"?ds={DATASET}&regions={','.join(regions[:2])}&by=stakeholder_type"]
    built = 0
    for card_id in cards:
        spec = exports.chart_spec(card_id)
        for param in spec.params:
            if param.name in {"theme", "pair"} and callable(param.allowed):
                searches += [f"?ds={DATASET}&{param.name}={v}" for v in param.allowed()]
        for search in searches:
            payload = exports.payload_for(card_id, search)
            if payload is None:
                continue
            built += 1
            assert len(payload.data) < len(ids), (
                card_id,
                search,
            )  # not respondent-level
            _assert_no_small_counts(payload.data, f"{card_id}{search}")
            for text in _export_texts(payload):
                assert DATASET + ":" not in text
                tokens = set(re.findall(r"\bP\d{4}\b", text))
                assert not tokens & raw_ids, (card_id, search)
    assert built >= len(cards) * 2


def test_prv004_survey_pages_and_download_callback_show_no_small_cell(use_db, dash_app):
    client = dash_app.server.test_client()
    regions = [r for (r,) in db_rows(use_db, PILOT_IDS)]
    themes = [t for (t,) in db_rows(use_db, "SELECT theme_id FROM dim_theme")]
    pages = [
        ("/stakeholders", f"?ds={DATASET}&theme={t}&by={b}")
        for t in themes
        for b in ("region", "stakeholder_type")
    ]
    pages += [
        (
            "/stakeholders",
            f"?ds={DATASET}&regions={','.join(regions[:3])}&types=company",
        )
    ]
    pages += [("/perception", f"?ds={DATASET}&theme={t}") for t in themes]
    pages += [(f"/region/{r}", "") for r in regions]
    n_equals = re.compile(r"\bn\s*=\s*(\d[\d,]*)")
    seen_n = 0
    for path, search in pages:
        text = render_page(dash_app, path, search)
        assert f"{DATASET}:" not in text and "example.org" not in text
        for match in n_equals.findall(text):
            seen_n += 1
            assert int(match.replace(",", "")) >= 5, (path, search, match)
    assert seen_n > 10
    # The download callback of every survey chart, as the browser calls it.
    for card_id in _survey_cards():
        for fmt in ("csv", "xlsx"):
            body = {
                "output": '..{"card":["MATCH"],"type":"export-dl"}.data...'
                '{"card":["MATCH"],"type":"export-msg"}.children..',
                "outputs": [
                    {"id": {"card": card_id, "type": "export-dl"}, "property": "data"},
                    {
                        "id": {"card": card_id, "type": "export-msg"},
                        "property": "children",
                    },
                ],
                "inputs": [
                    [
                        {
                            "id": {"card": card_id, "fmt": f, "type": "export-btn"},
                            "property": "n_clicks",
                            "value": int(f == fmt),
                        }
                        for f in ("png", "svg", "csv", "xlsx")
                    ]
                ],
                "state": [
                    {
                        "id": "_pages_location",
                        "property": "search",
                        "value": f"?ds={DATASET}",
                    }
                ],
                "changedPropIds": [
                    json.dumps(
                        {"card": card_id, "fmt": fmt, "type": "export-btn"},
                        separators=(",", ":"),
                        sort_keys=True,
                    )
                    + ".n_clicks"
                ],
            }
            response = client.post(
                "/_dash-update-component",
                data=json.dumps(body),
                content_type="application/json",
            )
            assert response.status_code == 200, response.get_data(as_text=True)[:300]
            data = json.loads(response.get_data(as_text=True))
            sent = data["response"][
                json.dumps(
                    {"card": card_id, "type": "export-dl"}, separators=(",", ":")
                )
            ]["data"]
            content = (
                base64.b64decode(sent["content"])
                if sent.get("base64")
                else sent["content"].encode()
            )
            if fmt == "xlsx":
                from openpyxl import load_workbook

                book = load_workbook(io.BytesIO(content), read_only=True)
                content = "\n".join(
                    str(v)
                    for s in book.worksheets
                    for r in s.iter_rows(values_only=True)
                    for v in r
                    if v is not None
                ).encode()
            assert (
                f"{DATASET}:".encode() not in content and b"example.org" not in content
            )


def test_prv005_no_respondent_level_data_can_be_downloaded(use_db, dash_app):
    client = dash_app.server.test_client()
    for path in (
        "/data/scoreboard.duckdb",
        "/assets/../data/scoreboard.duckdb",
        "/assets/..%2F..%2Fdata%2Fscoreboard.duckdb",
        "/scoreboard.duckdb",
        f"/_dash-component-suites/..%2F..%2F{use_db}",
        "/_dash-layout?x=1",
        "/assets/%2e%2e/%2e%2e/etc/passwd",
    ):
        response = client.get(path)
        body = response.get_data()
        assert b"DUCK" not in body[:64] and b"root:" not in body, path
        assert f"{DATASET}:".encode() not in body
    # No route serves files other than the app's assets and Dash's own bundles.
    rules = {r.rule for r in dash_app.server.url_map.iter_rules()}
    file_routes = {r for r in rules if "<path:" in r}
    assert file_routes <= {
        "/assets/<path:filename>",
        "/_dash-component-suites/<string:package_name>/<path:fingerprinted_path>",
        "/<path:path>",
        "/static/<path:filename>",
    }, file_routes  # noqa: E501
    # The exports registry is the only download path; none of its tables is per respondent.
    from dashboard.components import exports

    with duckdb.connect(str(use_db), read_only=True) as con:
        respondents = con.execute("SELECT count(*) FROM dim_respondent").fetchall()[0][
            0
        ]
    for card_id in sorted(exports._REGISTRY):
        payload = exports.payload_for(card_id, f"?ds={DATASET}")
        if payload is None:
            continue
        columns = {str(c).lower() for c in payload.data.columns}
        if columns & {"statement_id", "n", "n_agree", "respondents"}:
            # a survey table: aggregates, so fewer rows than respondents
            assert len(payload.data) < respondents, card_id
        assert "respondent_id" not in [str(c).lower() for c in payload.data.columns]
