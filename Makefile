PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint bench eval clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/factdesk init
	$(BIN)/factdesk run

test: $(STAMP)
	$(BIN)/pytest
	@if [ -n "$$FACTDESK_TEST_PG_URL" ]; then \
		echo "make test: the whole suite again, on PostgreSQL"; \
		FACTDESK_TEST_BACKEND=postgresql $(BIN)/pytest; \
	else \
		echo "make test: FACTDESK_TEST_PG_URL is not set, so the suite ran on SQLite only"; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check knowledge bot tests bench

bench: $(STAMP)
	$(BIN)/pip install -q -e '.[test,bench]'
	$(BIN)/python -m bench.answers
	$(BIN)/python -m bench.check
	$(BIN)/python -m bench.actors
	$(BIN)/python -m bench.slack_http
	$(BIN)/python -m bench.startup
	$(BIN)/python -m bench.answers_ingest
	@if [ -n "$$FACTDESK_BENCH_PG_URL" ]; then \
		$(BIN)/python -m bench.load --questions troops; \
	else \
		echo "make bench: FACTDESK_BENCH_PG_URL is not set, so bench.load (PostgreSQL, 1M facts) did not run"; \
	fi
	$(BIN)/python -m bench.ingest --workers 2
	$(BIN)/python -m bench.extraction --quantulum
	$(BIN)/python -m bench.copy_questions

eval: $(STAMP)
	$(BIN)/pip install -q -e '.[test,bench]'
	$(BIN)/python -m bench.extraction --quantulum

clean:
	rm -rf $(VENV) var
