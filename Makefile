# The two commands a newcomer needs: `make run` and `make test`.
PY ?= python3
EVAL_FLOOR ?= 0.74
# business suite (default setup: demo + every business database connected), per split; demo suite.
# Studied floor 0.58 since the second night of 2026-12-07: four new studied databases (insurance, restaurants,
# utility, consulting) joined the default setup, so fifteen warehouses are connected and the studied split is
# 397 questions (was 225); with them the same routing sends more studied questions elsewhere or asks which one
# is meant (right connection, studied: 81.8% -> 75.3%). Measured 62.5% studied, 57.1% held out.
# Held-out floor 0.32 since the morning of 2026-12-07: three held-out databases were added whose questions were
# written blind by people who never read the engine, in naming styles nobody had tuned for; the engine's first
# runs on them are about 10% right (mostly asking back), so the held-out split (now eight databases) measured
# about 41% (the older five alone about 56%, as before). The floor guards against regressions, not the target.
# Studied floor 0.55 since then: five more studied databases written blind (ticketing, gym, property, telecom,
# learning) joined, so 23 warehouses compete in the default setup; measured 59.5% studied (77.0% one at a time).
# Both lowered at midday of 2026-12-07: three more studied databases (billing, dispatch, marketplace: look-alikes
# of shop and saas) and two held-out ones whose names are legacy codes (an 8-character dBASE export, an AS/400
# extract) joined, so 26 warehouses compete; right connection fell to 68.2% studied, 55.2% held out. Measured
# 53.9% studied (the fifteen older studied databases 57.2%, was 59.2% among 23) and 28.8% held out; one at a time
# and beside the demo alone (issue 12's own setup) 75.3% studied and 37.0% held out (older five 65.7%, was 63.0%).
# Both lowered in the afternoon of 2026-12-07: a Dataverse-style studied database (leasing) and a Rails-app held-out one
# (food_delivery, integer status codes with no lookup), both written blind, joined, so 30 warehouses compete; right
# connection 63.8% studied, 53.9% held out. Measured 50.5% studied (the eighteen earlier studied databases 52.0%, against
# 52.8% on the tree before this round with 29 connected and no demo: the same) and 26.2% held out; one at a time and
# beside the demo 76.3% studied and 34.3% held out (the ten earlier held-out databases 37.3%).
# Studied lowered on the evening of 2026-12-07: a second Django-style studied database (coworking, undocumented integer
# status codes) joined, so 31 warehouses compete, and routing now asks when its lead rests on no word of the question;
# measured 48.1% studied (8.5% wrong, was 9.5%) and 25.4% held out (13.4% wrong, was 16.0%) after the first round.
# Studied lowered on the night of 2026-12-07: crm (a Salesforce export) joined, so 32 warehouses compete, and routing
# asks when its lead rests on one spelling step between plain names; measured 45.7% studied (6.6% wrong, was 8.8%) and
# 25.8% held out (9.2% wrong, was 11.7%).
# Studied lowered late on the night of 2026-12-07: odoo (an Odoo ERP, studied) and dynamics (a Dynamics 365 export, held
# out) joined, so 34 warehouses compete (odoo's res_partner/sale_order and dynamics' account/contact/incident overlap
# earlier databases); measured 43.4% studied (6.3% wrong; the 21 earlier studied databases 45.3%, 6.0% wrong, against
# 45.7%, 6.6% with 32 connected) and 23.7% held out (10.9% wrong; dynamics 11.1% in this setup), held-out floor
# 0.23 -> 0.22 for the same reason.
# Studied lowered early on 2026-12-08: printshop (an AS/400 export, studied) joined, 35 warehouses connected; its
# upper-case file names route to it for 20% of its questions in this setup (13.3% right), so the studied figure is
# 42.1% (5.9% wrong; the 22 earlier studied databases 43.5%, was 43.4%) and 0.42 would leave no margin.
EVAL_FLOOR_BUSINESS_STUDIED ?= 0.40
EVAL_FLOOR_BUSINESS_HELDOUT ?= 0.22
EVAL_FLOOR_DEMO ?= 0.92
SPIDER_DATA := ../shared/eval/spider-open
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run run-cluster migrate test protos check-protos buf-install buf-lint buf-breaking install web-assets browser bench eval clean lint

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

WEB := gateway/web
WEB_STAMP := $(WEB)/node_modules/.installed

# The web app's browser libraries (vega, vega-lite, vega-embed) from the npm registry, pinned by
# package-lock.json; without npm the chat still works and shows charts as PNG.
$(WEB_STAMP): $(WEB)/package.json $(WEB)/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  cd $(WEB) && npm ci --ignore-scripts --no-audit --no-fund && touch node_modules/.installed; \
	else echo "install: npm is absent: the web app will draw charts as PNG"; fi

web-assets: $(WEB_STAMP)

install: $(STAMP) web-assets

# Headless Chromium and its driver from Debian for the browser tests (tests/test_web_*.py skip without them).
browser:
	@if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then echo "browser: chromium and chromedriver present"; \
	elif command -v apt-get >/dev/null 2>&1; then \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver fonts-noto-color-emoji; \
	else echo "browser: no apt-get: the browser tests will skip"; fi

run: install
	$(BIN)/python -m services.launcher

# Two replicas of each service on the local PostgreSQL (DOT_PG_URL), the gateway with workers in front.
run-cluster: $(STAMP)
	$(BIN)/python -m services.launcher --cluster

# Every service's store to its newest schema (services also do this at start).
migrate: $(STAMP)
	$(BIN)/python -m services.common.migrations

protos: $(STAMP)
	$(BIN)/python -m grpc_tools.protoc -Iprotos --python_out=protos --grpc_python_out=protos --pyi_out=protos protos/dot/v1/*.proto

check-protos: protos
	git diff --exit-code -- protos/ || (echo "generated protobuf code is stale: run make protos and commit" && exit 1)

# buf (lint + breaking-change check of protos/, rules in protos/buf.yaml) from npm, pinned in tools/buf/.
# Without npm these targets say so and succeed. buf-breaking compares with BUF_AGAINST (default: the
# previous commit, i.e. main's previous proto state in CI); a baseline without protos/buf.yaml predates
# the typed contracts and is skipped, and so is one whose protos/EPOCH differs (a deliberate break,
# see protos/EPOCH). On a branch: make buf-breaking BUF_AGAINST=main
BUF := tools/buf/node_modules/.bin/buf
BUF_AGAINST ?= HEAD~1

buf-install:
	@if command -v npm >/dev/null 2>&1; then \
	  test -x $(BUF) || (cd tools/buf && npm ci --no-audit --no-fund --loglevel=error); \
	else echo "buf: npm is unavailable: skipping buf"; fi

buf-lint: buf-install
	@if [ -x $(BUF) ]; then $(BUF) lint protos && echo "buf lint: ok"; else echo "buf lint: skipped (no buf)"; fi

buf-breaking: buf-install
	@if [ ! -x $(BUF) ]; then echo "buf breaking: skipped (no buf)"; \
	elif ! git cat-file -e "$(BUF_AGAINST):protos/buf.yaml" 2>/dev/null; then \
	  echo "buf breaking: skipped ($(BUF_AGAINST) has no protos/buf.yaml: it predates the typed contracts)"; \
	elif [ "$$(git show "$(BUF_AGAINST):protos/EPOCH" 2>/dev/null | head -n1)" != "$$(head -n1 protos/EPOCH)" ]; then \
	  echo "buf breaking: skipped (deliberate break: protos/EPOCH is $$(head -n1 protos/EPOCH) here, not as in $(BUF_AGAINST))"; \
	else $(BUF) breaking protos --against ".git#ref=$(BUF_AGAINST),subdir=protos" && \
	  echo "buf breaking: no breaking change against $(BUF_AGAINST)"; fi

lint: $(STAMP)
	$(BIN)/ruff check services gateway
	$(BIN)/mypy

test: install
	$(BIN)/python -m pytest -q -ra

bench: $(STAMP)
	$(BIN)/python -m bench.run_all

eval: $(STAMP)
	@if [ -f $(SPIDER_DATA)/questions.json ]; then \
	  $(BIN)/python scripts/eval_spider.py --data $(SPIDER_DATA) --floor $(EVAL_FLOOR); \
	else echo "eval: $(SPIDER_DATA) is absent: skipping the Spider part (the business suite still runs)"; fi
	$(BIN)/python scripts/eval_business.py --setup all --floor-studied $(EVAL_FLOOR_BUSINESS_STUDIED) \
	  --floor-heldout $(EVAL_FLOOR_BUSINESS_HELDOUT) --floor-demo $(EVAL_FLOOR_DEMO)

clean:
	rm -rf $(VENV) .dot-data $(WEB)/node_modules test-artifacts
