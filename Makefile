# The project's interface: `make run` builds the warehouse, `make test` runs the suite, `make ui` opens Dagster.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Runs started from the command line are recorded here, so the UI shows them too.
export DAGSTER_HOME ?= $(CURDIR)/.dagster_home

.PHONY: run test ui bench bench-cluster clean
# Articles in the benchmark's synthetic corpus: `make bench N=300` for a quick run.
N ?= 2000

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; assert (3, 11) <= sys.version_info[:2] <= (3, 13), "Python 3.11, 3.12 or 3.13 is required"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/secmeet run

test: $(STAMP)
	$(BIN)/pytest

ui: $(STAMP)
	$(BIN)/secmeet ui

bench: $(STAMP)
	PYTHONPATH=$(CURDIR) $(BIN)/python benchmarks/run_bench.py --n $(N)
	PYTHONPATH=$(CURDIR) $(BIN)/python benchmarks/bench_resolution.py
	PYTHONPATH=$(CURDIR) $(BIN)/python benchmarks/bench_query.py

# Shards on two dagster-celery workers with a local Redis, against `secmeet run` (not in the test suite).
bench-cluster: $(STAMP)
	$(BIN)/pip install --quiet -e ".[dev,cluster]"
	@command -v redis-server >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && apt-get install -y -qq redis-server; } \
		|| { echo "redis-server is needed: sudo apt-get install redis-server"; exit 1; }
	PYTHONPATH=$(CURDIR) $(BIN)/python benchmarks/run_cluster.py --n $(N)

clean:
	rm -rf warehouse/*.duckdb warehouse/.cache warehouse/report warehouse/export .dagster_home
