# Regional Ecosystem Scoreboard: set-up, run and test on a fresh Debian machine with Python 3.11.
#   make run    create .venv, install pinned requirements, build the database if missing, serve the app
#   make test   install test requirements (and Chromium for browser tests), run every test tier
#   make test-quick  the unit and ETL tiers only (no browser, no servers): about a minute

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
DB     := $(or $(SCOREBOARD_DB),data/scoreboard.duckdb)
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PYTEST_ARGS ?=

.PHONY: run test test-quick setup setup-test browser-deps redis-deps wrk-deps db rebuild lint format serve clean screenshots \
	bench bench-data bench-etl bench-callbacks bench-load bench-heavy node-deps

run: setup db
	$(BIN)/python app.py

setup: $(BIN)/.installed

$(BIN)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

setup-test: $(BIN)/.installed-test browser-deps redis-deps node-deps

$(BIN)/.installed-test: $(BIN)/.installed requirements-dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# Debian's Chromium and its driver for the browser tests (dash_duo), installed when absent.
browser-deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then \
		echo "Installing chromium and chromium-driver (Debian packages) for browser tests"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends \
			chromium chromium-driver >/dev/null; \
	fi

# axe-core (npm, pinned in package-lock.json) for the accessibility tests, injected into the
# pages by tests/browser/test_accessibility.py; Debian's nodejs and npm when absent.
node-deps: node_modules/.installed

node_modules/.installed: package.json package-lock.json
	@if ! command -v npm >/dev/null 2>&1; then \
		echo "Installing nodejs and npm (Debian packages) for axe-core"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends \
			nodejs npm >/dev/null; \
	fi
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Debian's redis-server for the scale-out test (two app instances sharing one cache).
redis-deps:
	@if ! command -v redis-server >/dev/null 2>&1; then \
		echo "Installing redis-server (Debian package) for the shared-cache test"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends \
			redis-server >/dev/null; \
	fi

# Debian's wrk, the load generator of bench/load.py.
wrk-deps:
	@if ! command -v wrk >/dev/null 2>&1; then \
		echo "Installing wrk (Debian package) for the load benchmark"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends \
			wrk >/dev/null; \
	fi

# Benchmarks (they print figures; README "Performance"). Not part of `make test`.
bench: bench-etl bench-callbacks bench-load bench-heavy

bench-data: setup
	$(BIN)/python -m bench.scale_data

bench-etl: setup
	$(BIN)/python -m bench.etl

bench-callbacks: setup
	$(BIN)/python -m bench.callbacks

bench-load: setup wrk-deps
	$(BIN)/python -m bench.load --scale default
	$(BIN)/python -m bench.load --scale eu

bench-heavy: db
	$(BIN)/python -m bench.heavy decks --db $(DB)
	$(BIN)/python -m bench.heavy flood --db $(DB)

# Build the database only when it is missing: a rebuild would drop data loaded with load-*.
# An existing one is brought up to this version's columns (keeping every load).
db: setup
	@if [ ! -f "$(DB)" ]; then $(BIN)/python -m etl build; else $(BIN)/python -m etl upgrade && echo "Using existing database $(DB) (make rebuild to rebuild it)"; fi

rebuild: setup
	$(BIN)/python -m etl build

test: setup-test
	$(BIN)/ruff check .
	$(BIN)/python -m pytest --headless -n 2 --dist loadgroup $(PYTEST_ARGS)

# The unit and ETL tiers: no browser, no servers, no subprocess soaks (pytest -m "not slow").
test-quick: $(BIN)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q -m "not browser and not slow" tests/unit tests/etl $(PYTEST_ARGS)

lint: setup-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

serve: setup db
	$(BIN)/gunicorn app:server -c gunicorn.conf.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

# README screenshots (docs/screenshots/*.png) taken from the running app in headless Chromium.
screenshots: setup-test db
	@$(BIN)/python app.py > /tmp/scoreboard-screenshots.log 2>&1 & echo $$! > /tmp/scoreboard-screenshots.pid; \
	for i in $$(seq 1 60); do curl -sf http://127.0.0.1:8050/ >/dev/null && break; sleep 0.5; done; \
	$(BIN)/python -m scripts.readme_screenshots; status=$$?; \
	kill $$(cat /tmp/scoreboard-screenshots.pid); exit $$status
