"""EU-scale synthetic data loads through the normal commands; serving tables agree.

A small slice of ``bench.scale_data`` (every NUTS-2 region, 3 of the 200 indicators) is
built and loaded exactly as the benchmark does it.
"""

from __future__ import annotations

import os

import numpy as np

from bench import scale_data
from etl.build import build, default_steps
from etl.commands import load_indicators
from etl.report import Reporter


def _quiet() -> Reporter:
    return Reporter(stream=open(os.devnull, "w"))  # noqa: SIM115


def test_perf006_nuts2_regions_load_and_serving_tables_match(tmp_path) -> None:
    import duckdb

    extra = scale_data.extra_regions()
    assert 200 < len(extra) < 242  # EU27 NUTS-2 regions less the pilots and parts
    inputs = scale_data.write_inputs(tmp_path, extra)
    rng = np.random.default_rng(1)
    meta = scale_data.indicator_metadata(rng).head(3)
    geos = [*scale_data.PILOT_IDS, "EU27_2020", *extra["nuts_id"]]
    values = scale_data.indicator_values(rng, geos, meta)
    meta.to_csv(tmp_path / "meta.csv", index=False)
    values.to_csv(tmp_path / "values.csv", index=False)

    db = tmp_path / "eu.duckdb"
    build(db, steps=default_steps(inputs), reporter=_quiet())
    load_indicators(
        db,
        tmp_path / "values.csv",
        fmt="tidy",
        metadata=tmp_path / "meta.csv",
        reporter=_quiet(),
    )

    con = duckdb.connect(str(db), read_only=True)
    try:
        n_context = con.execute(
            "SELECT count(*) FROM dim_region WHERE NOT is_pilot AND nuts_level = 'NUTS2'"
        ).fetchone()[0]
        assert n_context == len(extra)
        # every row of the file loaded, NUTS-2 codes included
        loaded = con.execute(
            "SELECT count(*) FROM fct_indicator_value WHERE indicator_id LIKE 'syn_%'"
        ).fetchone()[0]
        assert loaded == len(values)
        assert (
            con.execute(
                "SELECT count(*) FROM load_reject r JOIN load_log l USING (load_id) "
                "WHERE l.file_name LIKE '%values.csv'"
            ).fetchone()[0]
            == 0
        )
        # the serving table holds exactly the pilots' and benchmarks' values
        served = con.execute(
            "SELECT count(*), count(DISTINCT region_id) FROM srv_indicator_value"
        ).fetchone()
        expected = con.execute(
            "SELECT count(*), count(DISTINCT v.region_id) FROM fct_indicator_value v "
            "JOIN dim_region r USING (region_id) "
            "WHERE r.is_pilot OR r.nuts_level = 'benchmark'"
        ).fetchone()
        assert served == expected
        assert (
            con.execute(
                "SELECT count(*) FROM srv_indicator_value s JOIN dim_region r "
                "USING (region_id) WHERE NOT r.is_pilot AND r.nuts_level <> 'benchmark'"
            ).fetchone()[0]
            == 0
        )
        # survey atoms add up to the responses
        atoms = con.execute(
            "SELECT sum(n_1 + n_2 + n_3 + n_4 + n_5 + n_dk) FROM srv_survey_atom"
        ).fetchone()[0]
        assert atoms == con.execute("SELECT count(*) FROM fct_response").fetchone()[0]
    finally:
        con.close()
