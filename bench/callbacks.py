"""``python -m bench.callbacks``: time every server callback of every page.

Every request goes through the Flask test client as the browser sends it:
``POST /_dash-update-component`` with a body built from the app's callback map
(``/_dash-dependencies``). Inputs are realistic and varied, seeded:

- the Dash Pages router (``_pages_content``: it renders a page's layout from its URL,
  which is where the pages do their work) for every page, with query strings sampled
  from each page's URL parameters and their allowlists (``Param.allowed``);
- every other callback with values taken from the rendered pages' own controls
  (dropdown options, weight inputs, chart points for ``clickData``, download buttons
  with the page's query string in ``State``).

Each scale runs in its own process with a fresh, empty cache (``SCOREBOARD_CACHE_DIR``).
"cold" is the first request of each distinct input set; "warm" repeats the same inputs
(twice). Per callback it prints p50/p95/max milliseconds, the cold p95 of the app
process's CPU time (what a render costs whatever else the machine is doing) and the
largest response in KB (the JSON the browser receives). Figures only; tests never
assert times.

    python -m bench.callbacks [--scale default|eu|both] [--samples 12] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DBS = {
    "default": REPO / "build" / "bench" / "default.duckdb",
    "eu": REPO / "build" / "bench" / "eu-scale.duckdb",
}
ROUTER = "_pages_content"
SEED = 7


# --- request construction (also used by bench/load.py) ----------------------------------


def _walk(node, found: dict) -> None:
    """Collect every component with an id: {id (str or JSON): props}."""
    if isinstance(node, list):
        for item in node:
            _walk(item, found)
        return
    if not isinstance(node, dict):
        return
    props = node.get("props")
    if isinstance(props, dict) and "type" in node:
        cid = props.get("id")
        if cid is not None:
            key = cid if isinstance(cid, str) else json.dumps(cid, sort_keys=True)
            found[key] = props
        for value in props.values():
            _walk(value, found)
    else:
        for value in node.values():
            _walk(value, found)


def _page_params(page: dict) -> list:
    """The page's URL ``Param`` list, found through its layout function's globals."""
    fn = page.get("layout")
    seen = set()
    stack = [fn]
    while stack:
        f = stack.pop()
        if f is None or id(f) in seen or not callable(f):
            continue
        seen.add(id(f))
        state = getattr(f, "page_state", None)
        if state is not None:  # dashboard/components/page_state.py
            return list(state.params())
        g = getattr(f, "__globals__", {})
        if "PARAMS" in g and "page_registry" not in g:
            return list(g["PARAMS"])
        if "_params" in g and callable(g["_params"]) and "guarded" in g:
            return list(g["_params"]())
        for cell in getattr(f, "__closure__", None) or ():
            stack.append(cell.cell_contents)
    return []


def _allowed(param) -> list:
    values = param.allowed() if callable(param.allowed) else param.allowed
    return sorted((v for v in values or [] if v not in ("", None)), key=str)


def sample_query(params: list, rng: random.Random) -> str:
    """A query string with a random, valid value for some of the page's parameters."""
    from urllib.parse import urlencode

    pairs = []
    for param in params:
        allowed = _allowed(param)
        if not allowed or rng.random() < 0.4:
            continue
        if param.multi:
            low = max(1, param.min_items)
            high = max(low, min(param.max_items, 4, len(allowed)))
            if param.name in {"wd", "wi"}:  # weights: usually none or a couple changed
                low, high = 1, 2
            picked = rng.sample(allowed, min(len(allowed), rng.randint(low, high)))
            # one weight per key
            if param.name in {"wd", "wi"}:
                picked = list({str(p).rpartition(":")[0]: p for p in picked}.values())
            pairs.append((param.name, ",".join(str(p) for p in picked)))
        else:
            pairs.append((param.name, str(rng.choice(allowed))))
    return "?" + urlencode(pairs, safe=",") if pairs else ""


def router_body(pathname: str, search: str) -> dict:
    return {
        "output": "..{}.children...{}.data..".format(ROUTER, "_pages_store"),
        "outputs": [
            {"id": ROUTER, "property": "children"},
            {"id": "_pages_store", "property": "data"},
        ],
        "inputs": [
            {"id": "_pages_location", "property": "pathname", "value": pathname},
            {"id": "_pages_location", "property": "search", "value": search},
        ],
        "state": [],
        "changedPropIds": ["_pages_location.pathname", "_pages_location.search"],
    }


def page_urls(app_module, rng: random.Random, samples: int) -> dict[str, list[str]]:
    """{page path template: [url, ...]}: the default URL then sampled query strings."""
    import dash

    from dashboard.queries import regions as region_queries

    pilots = region_queries.region_ids()
    out: dict[str, list[str]] = {}
    for page in dash.page_registry.values():
        template = page.get("path_template") or page["path"]
        params = _page_params(page)
        urls = []
        for i in range(samples):
            path = re.sub(r"<[^>]+>", lambda _m: rng.choice(pilots), template)
            urls.append(path + ("" if i == 0 else sample_query(params, rng)))
        out[template] = list(dict.fromkeys(urls))
    return out


def _matches(pattern: dict, cid: dict) -> bool:
    if set(pattern) != set(cid):
        return False
    return all(isinstance(v, list) or cid[k] == v for k, v in pattern.items())


def _value_for(prop: str, props: dict, rng: random.Random, search: str):
    if prop == "n_clicks":
        return 1
    if prop == "search":
        return search
    if prop == "clickData":
        return _click(props, rng)
    if prop == "data":
        return props.get("data")
    options = props.get("options")
    if prop == "value" and options:
        values = [o["value"] if isinstance(o, dict) else o for o in options]
        values = [v for v in values if v is not None]
        if isinstance(props.get("value"), list) or props.get("multi"):
            return rng.sample(values, min(len(values), rng.randint(1, 4)))
        return rng.choice(values)
    if prop == "value" and isinstance(props.get("value"), int | float):
        low, high = props.get("min", 0), props.get("max", 3)
        return rng.randint(int(low), int(high))
    return props.get(prop)


def _click(props: dict, rng: random.Random):
    figure = props.get("figure") or {}
    for trace in figure.get("data", []):
        custom = trace.get("customdata")
        if isinstance(custom, list) and custom:
            i = rng.randrange(len(custom))
            return {
                "points": [
                    {"curveNumber": 0, "pointNumber": i, "customdata": custom[i]}
                ]
            }
    return None


def callback_cases(
    deps: list[dict],
    layouts: dict[str, tuple[str, dict]],
    rng: random.Random,
    samples: int,
    searches: dict[str, list[str]],
) -> dict[str, list[dict]]:
    """{callback label: [request body, ...]} for every server callback but the router.

    ``layouts``: {page template: (pathname, {component id: props})}, the shell included
    under ``"shell"``.
    """
    cases: dict[str, list[dict]] = defaultdict(list)
    for dep in deps:
        if dep.get("clientside_function") or ROUTER in dep["output"]:
            continue
        out_id, out_prop = dep["output"].rsplit(".", 1)
        label = dep["output"]
        for _ in range(samples):
            body = _one_case(dep, out_id, out_prop, layouts, rng, searches)
            if body is not None:
                cases[label].append(body)
    return cases


def _outputs(output: str, match_keys: dict) -> dict | list[dict]:
    """The ``outputs`` of a request body: one output, or a list for a multi-output
    callback (Dash writes those as ``..id.prop...id.prop..``); MATCH ids resolved."""
    multi = output.startswith("..") and output.endswith("..")
    resolved = []
    for part in output[2:-2].split("...") if multi else [output]:
        out_id, out_prop = part.rsplit(".", 1)
        if out_id.startswith("{"):
            pattern = json.loads(out_id)
            out_id = {
                k: (match_keys.get(k) if v == ["MATCH"] else v)
                for k, v in pattern.items()
            }
        resolved.append({"id": out_id, "property": out_prop})
    return resolved if multi else resolved[0]


def _one_case(dep, out_id, out_prop, layouts, rng, searches):
    ids = [*dep["inputs"], *dep["state"]]
    pages = list(layouts)
    rng.shuffle(pages)
    for page in pages:
        pathname, found = layouts[page]
        shell = layouts.get("shell", ("", {}))[1]
        parsed = {}
        match_keys: dict[str, object] = {}
        ok = True
        for item in ids:
            raw = item["id"]
            if raw.startswith("{"):
                pattern = json.loads(raw)
                hits = [
                    (json.loads(k), p)
                    for k, p in found.items()
                    if k.startswith("{") and _matches(pattern, json.loads(k))
                ]
                for key, v in pattern.items():
                    if v == ["MATCH"]:
                        if key not in match_keys:
                            if not hits:
                                break
                            match_keys[key] = rng.choice(hits)[0][key]
                        hits = [h for h in hits if h[0][key] == match_keys[key]]
                if not hits:
                    ok = False
                    break
                parsed[raw + "." + item["property"]] = hits
            elif raw in found or raw in shell or raw == "_pages_location":
                parsed[raw + "." + item["property"]] = (
                    found.get(raw) or shell.get(raw) or {}
                )
            else:
                ok = False
                break
        if not ok:
            continue
        search = rng.choice(searches.get(page) or [""])
        search = search[search.find("?") :] if "?" in search else ""
        inputs, state, changed = [], [], []
        for n, item in enumerate(ids):
            key = item["id"] + "." + item["property"]
            target = inputs if n < len(dep["inputs"]) else state
            entry = parsed[key]
            if isinstance(entry, list):  # pattern-matching: ALL / MATCH
                values = [
                    {
                        "id": cid,
                        "property": item["property"],
                        "value": _value_for(item["property"], props, rng, search),
                    }
                    for cid, props in entry
                ]
                if target is inputs and item["property"] == "n_clicks":
                    pick = rng.randrange(len(values))
                    for i, v in enumerate(values):
                        v["value"] = 1 if i == pick else 0
                    changed.append(
                        json.dumps(
                            values[pick]["id"], sort_keys=True, separators=(",", ":")
                        )
                        + ".n_clicks"
                    )
                # NOTE: as the browser sends them: a list for ALL, one entry for MATCH
                multi = any(
                    v in (["ALL"], ["ALLSMALLER"])
                    for v in json.loads(item["id"]).values()
                )
                target.append(values if multi else values[0])
            else:
                value = _value_for(item["property"], entry, rng, search)
                if item["id"] == "shell-deck" and item["property"] == "data":
                    value = []
                target.append(
                    {"id": item["id"], "property": item["property"], "value": value}
                )
                if target is inputs and not changed:
                    changed.append(key)
        outputs = _outputs(dep["output"], match_keys)
        return {
            "output": dep["output"],
            "outputs": outputs,
            "inputs": inputs,
            "state": state,
            "changedPropIds": changed[:1],
            "_page": pathname,
        }
    return None


def collect(client, app_module, samples: int, seed: int = SEED):
    """(router cases {page: [(label, body)]}, other cases {label: [body]})."""
    rng = random.Random(seed)
    deps = json.loads(client.get("/_dash-dependencies").data)
    urls = page_urls(app_module, rng, samples)
    layouts: dict[str, tuple[str, dict]] = {}
    shell: dict = {}
    _walk(json.loads(client.get("/_dash-layout").data), shell)
    layouts["shell"] = ("/", shell)
    router: dict[str, list[dict]] = {}
    for template, page_urls_ in urls.items():
        bodies = []
        for url in page_urls_:
            path, _, query = url.partition("?")
            bodies.append(router_body(path, "?" + query if query else ""))
        router[template] = bodies
        path = page_urls_[0].partition("?")[0]
        found: dict = {}
        resp = client.post("/_dash-update-component", json=router_body(path, ""))
        if resp.status_code == 200:
            _walk(json.loads(resp.data), found)
        layouts[template] = (path, found)
    return router, callback_cases(deps, layouts, rng, samples, urls)


# --- timing -----------------------------------------------------------------------------


def _post(client, body: dict) -> tuple[float, float, int, int]:
    """One request: a callback POST, or a GET of ``body["_get"]`` (a file download).

    Returns (wall ms, CPU ms of this process, status, size). NOTE: the CPU time (every
    thread of the app's process, DuckDB's too; not the image renderer's child) is what
    a render costs whatever else the machine runs: on a shared 2-core machine the wall
    time of the same render varied by 2x between runs minutes apart.
    """
    c0, t0 = time.process_time(), time.perf_counter()
    if "_get" in body:
        resp = client.get(body["_get"])
    else:
        payload = {k: v for k, v in body.items() if not k.startswith("_")}
        resp = client.post("/_dash-update-component", json=payload)
    ms = (time.perf_counter() - t0) * 1000
    cpu = (time.process_time() - c0) * 1000
    return ms, cpu, resp.status_code, len(resp.data)


def _stats(values: list[float]) -> dict:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]
    return {
        "p50": statistics.median(ordered),
        "p95": p95,
        "max": ordered[-1],
        "n": len(ordered),
    }


def worker(samples: int) -> dict:
    """Run in a process whose SCOREBOARD_DB and SCOREBOARD_CACHE_DIR are set."""
    import logging

    logging.disable(logging.WARNING)
    import app as app_module
    from dashboard.export.render import warm_up

    # NOTE: as the served app starts (gunicorn.conf.py post_fork, app.py): the image
    # renderer is started before the first request (SCOREBOARD_WARM_RENDERER=0: not).
    if os.environ.get("SCOREBOARD_WARM_RENDERER", "1") != "0":
        warm_up()
    client = app_module.server.test_client()
    client.get("/")  # the server's set-up, and the database opened once
    router, others = collect(client, app_module, samples)
    # NOTE: collecting rendered each page's default URL once; clear the cache so the
    # cold pass is cold.
    _clear_cache(app_module)
    suites = {f"page {t}": bodies for t, bodies in router.items()}
    suites.update(others)
    # The PPTX deck is a plain download (dashboard/routes.py), not a callback.
    from dashboard.export.links import deck_href
    from dashboard.queries import regions as region_queries

    rng = random.Random(SEED)
    pilots = region_queries.region_ids()
    suites["GET deck.pptx (a file, not a callback)"] = [
        {"_get": deck_href(f"?region={rng.choice(pilots)}", [])} for _ in range(samples)
    ]
    results = {}
    for label, bodies in suites.items():
        cold, cold_cpu, warm, sizes, errors = [], [], [], [], 0
        for body in bodies:
            ms, cpu, status, size = _post(client, body)
            cold.append(ms)
            cold_cpu.append(cpu)
            sizes.append(size)
            errors += status >= 400
        for _ in range(2):
            for body in bodies:
                ms, _cpu, status, size = _post(client, body)
                warm.append(ms)
                errors += status >= 400
        results[label] = {
            "cold": _stats(cold),
            "cold_cpu": _stats(cold_cpu),
            "warm": _stats(warm),
            "max_kb": max(sizes) / 1024,
            "errors": errors,
        }
    return results


def _clear_cache(app_module) -> None:
    try:
        from dashboard import cache
    except ImportError:
        return
    cache.clear()


def run_scale(scale: str, samples: int) -> dict:
    db = DBS[scale]
    if not db.exists():
        raise SystemExit(f"{db} is missing: run `python -m bench.etl` first")
    with tempfile.TemporaryDirectory(prefix="bench-cache-") as cache_dir:
        env = {
            **os.environ,
            "SCOREBOARD_DB": str(db),
            "SCOREBOARD_CACHE_DIR": cache_dir,
            # NOTE: the bench times the server's work; the per-client download allowance
            # (30 a minute) would answer most of its many exports with 429, in 1 ms.
            "SCOREBOARD_DOWNLOAD_LIMIT": "100000 per minute",
        }
        env.pop("REDIS_URL", None)
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "bench.callbacks",
                "--worker",
                "--samples",
                str(samples),
            ],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
        )
    if proc.returncode != 0:
        print(proc.stderr[-4000:], file=sys.stderr)
        raise SystemExit(f"the {scale} run failed")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def print_table(scale: str, results: dict) -> None:
    print(
        f"\n{scale} data ({DBS[scale].relative_to(REPO)}); ms; KB = largest response; "
        "cpu = CPU time of the app's process"
    )
    head = (
        f"{'callback':<58} {'n':>3} {'cold p50':>8} {'p95':>7} {'max':>7} "
        f"{'cpu p95':>7}  {'warm p50':>8} {'p95':>7} {'max':>7} {'KB':>7} err"
    )
    print(head)
    print("-" * len(head))
    for label, r in sorted(results.items()):
        c, w = r["cold"], r["warm"]
        cpu = r.get("cold_cpu", {}).get("p95", float("nan"))
        print(
            f"{label[:58]:<58} {c['n']:>3} {c['p50']:8.1f} {c['p95']:7.1f} {c['max']:7.1f} "
            f"{cpu:7.1f}  {w['p50']:8.1f} {w['p95']:7.1f} {w['max']:7.1f} "
            f"{r['max_kb']:7.1f} {r['errors']:>3}"
        )
    worst_cold = max(r["cold"]["p95"] for r in results.values())
    worst_warm = max(r["warm"]["p95"] for r in results.values())
    biggest = max(r["max_kb"] for r in results.values())
    print(
        f"worst p95: cold {worst_cold:.0f} ms, warm {worst_warm:.0f} ms; largest response {biggest:.0f} KB"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.callbacks", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--scale", choices=("default", "eu", "both"), default="both")
    parser.add_argument(
        "--samples", type=int, default=12, help="input sets per callback"
    )
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(args.samples)))
        return 0
    scales = ["default", "eu"] if args.scale == "both" else [args.scale]
    everything = {}
    for scale in scales:
        everything[scale] = run_scale(scale, args.samples)
        print_table(scale, everything[scale])
    if args.json:
        args.json.write_text(json.dumps(everything, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
