# Linkwork: two commands for a fresh machine — `make up` and `make test`.
# Needs only python3 (with venv and pip); uv is installed from PyPI into .local/.

PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := $(CURDIR)/.local
UV := $(TOOLS)/uv/bin/uv
VENV := $(CURDIR)/.venv
PY := $(VENV)/bin/python
export LINKWORK_UV := $(UV)
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: install up down status test test-fast lint format schemas clean

$(UV):
	$(PYTHON) -m venv $(TOOLS)/uv
	$(TOOLS)/uv/bin/pip install --quiet uv==$(UV_VERSION)

install: $(UV)  ## install every package of the workspace into .venv
	$(UV) sync --quiet --all-packages --locked --python $(PYTHON)

up: install  ## start embedded Kafka + MongoDB and the four services, with demo data
	$(PY) -m linkwork_devstack up

down:  ## stop everything `make up` started
	@if [ -x $(PY) ]; then $(PY) -m linkwork_devstack down; else echo "nothing installed"; fi

status:
	$(PY) -m linkwork_devstack status

test: install  ## the whole suite against real Kafka-protocol and MongoDB servers
	$(PY) -m linkwork_schemas check
	$(PY) -m pytest -n 2 --dist loadfile

lint: install  ## ruff, ruff format, mypy --strict, and the import contracts (the shape)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy schemas/src runtime/src deploy/local/src services/*/src
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

schemas: install  ## regenerate the checked-in JSON Schemas
	$(PY) -m linkwork_schemas export

clean: down
	rm -rf .run .venv
