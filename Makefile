# The two commands a newcomer needs: `make run` and `make test`.
PY ?= python3
EVAL_FLOOR ?= 0.74
# business suite (default setup: demo + every business database connected), per split; demo suite
EVAL_FLOOR_BUSINESS_STUDIED ?= 0.42
EVAL_FLOOR_BUSINESS_HELDOUT ?= 0.32
EVAL_FLOOR_DEMO ?= 0.65
SPIDER_DATA := ../shared/eval/spider-open
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run run-cluster migrate test protos check-protos install bench eval clean lint

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
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

lint: $(STAMP)
	$(BIN)/ruff check services gateway
	$(BIN)/mypy

test: $(STAMP)
	$(BIN)/python -m pytest -q -ra

bench: $(STAMP)
	$(BIN)/python -m bench.run_all

eval: $(STAMP)
	@if [ -f $(SPIDER_DATA)/questions.json ]; then \
	  $(BIN)/python scripts/eval_spider.py --data $(SPIDER_DATA) --floor $(EVAL_FLOOR); \
	else echo "eval: $(SPIDER_DATA) is absent: skipping the Spider part (the business suite still runs)"; fi
	$(BIN)/python scripts/eval_business.py --floor-studied $(EVAL_FLOOR_BUSINESS_STUDIED) \
	  --floor-heldout $(EVAL_FLOOR_BUSINESS_HELDOUT) --floor-demo $(EVAL_FLOOR_DEMO)

clean:
	rm -rf $(VENV) .dot-data
