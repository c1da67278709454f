# Regional Ecosystem Scoreboard: set-up, run and test on a fresh Debian machine with Python 3.11.
#   make run    create .venv, install pinned requirements, build the database if missing, serve the app
#   make test   install test requirements (and Chromium for browser tests), run every test tier

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
DB     := $(or $(SCOREBOARD_DB),data/scoreboard.duckdb)
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PYTEST_ARGS ?=

.PHONY: run test setup setup-test browser-deps db rebuild lint format serve clean

run: setup db
	$(BIN)/python app.py

setup: $(BIN)/.installed

$(BIN)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

setup-test: $(BIN)/.installed-test browser-deps

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

# Build the database only when it is missing: a rebuild would drop data loaded with load-*.
db: setup
	@if [ ! -f "$(DB)" ]; then $(BIN)/python -m etl build; else echo "Using existing database $(DB) (make rebuild to rebuild it)"; fi

rebuild: setup
	$(BIN)/python -m etl build

test: setup-test
	$(BIN)/ruff check .
	$(BIN)/python -m pytest --headless $(PYTEST_ARGS)

lint: setup-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

serve: setup db
	$(BIN)/gunicorn app:server -w 2 -b 127.0.0.1:8050 --no-control-socket

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
