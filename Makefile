# Linkwork: two commands for a fresh machine — `make up` and `make test`.
# Needs python3 (with venv and pip) and Node.js with npm (the console's NHS.UK frontend);
# uv is installed from PyPI into .local/. `make test` also needs Chromium (Debian's).

PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := $(CURDIR)/.local
UV := $(TOOLS)/uv/bin/uv
VENV := $(CURDIR)/.venv
PY := $(VENV)/bin/python
export LINKWORK_UV := $(UV)
export UV_PROJECT_ENVIRONMENT := $(VENV)
# The console's frontend assets (NHS.UK frontend, htmx), from its committed lock file.
CONSOLE_DIR ?= $(CURDIR)/services/console
CONSOLE_ASSETS := $(CONSOLE_DIR)/node_modules/.package-lock.json
# The browser the browser tests drive (Playwright's own download does not work here).
LINKWORK_CHROMIUM ?= /usr/bin/chromium
export LINKWORK_CHROMIUM
# Debian's Prometheus: `make up` runs it, `make lint` checks the alert rules with its promtool.
PROMTOOL ?= /usr/bin/promtool

.PHONY: install console-assets browser promtool up down status test test-fast lint format schemas access-matrix clean

$(UV):
	$(PYTHON) -m venv $(TOOLS)/uv
	$(TOOLS)/uv/bin/pip install --quiet uv==$(UV_VERSION)

install: $(UV) console-assets  ## install every package of the workspace into .venv
	$(UV) sync --quiet --all-packages --locked --python $(PYTHON)

console-assets: $(CONSOLE_ASSETS)

# npm writes node_modules/.package-lock.json: reinstall only when it is missing or older
# than the lock file.
$(CONSOLE_ASSETS): $(CONSOLE_DIR)/package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "npm is missing: install Node.js 20 or later with npm (Debian: apt-get install -y nodejs npm)" >&2; exit 1; }
	npm ci --prefix $(CONSOLE_DIR) --no-audit --no-fund --loglevel=error
	@touch $@

browser:  ## Debian's Chromium for the browser tests, installed when missing (as root)
	@if [ -x $(LINKWORK_CHROMIUM) ]; then exit 0; fi; \
	if [ "$$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then \
	  echo "Chromium is missing at $(LINKWORK_CHROMIUM): install Debian's chromium package (sudo apt-get install -y chromium)" >&2; exit 1; \
	fi; \
	echo "installing Chromium (apt-get install -y chromium) ..."; \
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null 2>&1 \
	  || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null; }; \
	[ -x $(LINKWORK_CHROMIUM) ] || { echo "Chromium was installed but is not at $(LINKWORK_CHROMIUM): set LINKWORK_CHROMIUM" >&2; exit 1; }

promtool:  ## Debian's Prometheus (with promtool), installed when missing (as root)
	@if [ -x $(PROMTOOL) ]; then exit 0; fi; \
	if [ "$$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then \
	  echo "promtool is missing at $(PROMTOOL): install Debian's prometheus package (sudo apt-get install -y prometheus)" >&2; exit 1; \
	fi; \
	echo "installing Prometheus (apt-get install -y prometheus) ..."; \
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q prometheus >/dev/null 2>&1 \
	  || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q prometheus >/dev/null; }; \
	[ -x $(PROMTOOL) ] || { echo "Prometheus was installed but promtool is not at $(PROMTOOL): set PROMTOOL" >&2; exit 1; }

up: install  ## start embedded Kafka + MongoDB, the four services and the console, with demo data
	$(PY) -m linkwork_devstack up

down:  ## stop everything `make up` started
	@if [ -x $(PY) ]; then $(PY) -m linkwork_devstack down; else echo "nothing installed"; fi

status:
	$(PY) -m linkwork_devstack status

test: install browser  ## the whole suite against real Kafka-protocol and MongoDB servers
	$(PY) -m linkwork_schemas check
	$(PY) -m pytest -n 2 --dist loadfile --durations=25

lint: install promtool  ## ruff, ruff format, mypy --strict, the import contracts, the alert rules
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy schemas/src runtime/src deploy/local/src services/*/src
	$(VENV)/bin/lint-imports
	$(PROMTOOL) check rules deploy/prometheus/*.rules.yml
	$(PROMTOOL) test rules deploy/prometheus/*.test.yml
	$(PROMTOOL) check config deploy/prometheus/prometheus.yml

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

schemas: install  ## regenerate the checked-in JSON Schemas
	$(PY) -m linkwork_schemas export

access-matrix: install  ## regenerate README.md's "Who may do what" from the routes
	$(PY) -m linkwork_devstack access-matrix

clean: down
	rm -rf .run .venv
