# Two commands do all set-up on a fresh Debian/Ubuntu machine (as root): `make demo`, `make test`.
VENV    ?= .venv
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.installed
APT_PKGS := libcdd-dev libgmp-dev

.PHONY: demo test test-torch docs lint bench setup system-deps clean

demo: setup
	$(VENV)/bin/polyexact demo

test: setup
	$(PY) -m pytest -q
	$(MAKE) --no-print-directory docs

# the API reference and documents, warnings as errors; the last line is the built index.html
DOCS_OUT := docs/_build/html
docs: setup
	rm -rf $(DOCS_OUT) docs/api/generated
	$(VENV)/bin/sphinx-build -W --keep-going -E -q -b html docs $(DOCS_OUT)
	@echo "$(CURDIR)/$(DOCS_OUT)/index.html"

# the PyTorch importer's tests and the training notebook 06, which must reproduce the shipped
# data/trained_in_context_nn.safetensors byte for byte (torch is an optional, large extra)
test-torch: setup
	$(PY) -c 'import torch' 2>/dev/null || $(PY) -m pip install -q 'torch==2.13.0'
	$(PY) -m pytest -q tests/networks/test_torch.py

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy polyexact tests bench

# benchmarks print JSON lines; figures are recorded in docs/performance.md
bench: setup
	$(PY) bench/minkowski.py
	$(PY) bench/bench_cells_construction.py
	$(PY) bench/bench_scale.py
	$(PY) bench/bench_float_decisions.py
	$(PY) bench/bench_sage_arrangements.py
	$(PY) bench/bench_dimensions.py
	$(PY) bench/bench_mlp.py

setup: system-deps $(STAMP)

# apt-get only when a header is missing: keeps the target fast and idempotent.
system-deps:
	@dpkg -s $(APT_PKGS) >/dev/null 2>&1 || { \
		echo "installing $(APT_PKGS)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(APT_PKGS); }

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev,import,docs]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) build *.egg-info docs/_build docs/api/generated
