PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NATIVE := $(VENV)/.compiled
# The modules that read copy, compiled in place with mypyc (knowledge/native.py lists them).
COMPILED_SRC := $(addprefix knowledge/,sentences.py numbers.py timex.py places.py actors.py extract.py)

.PHONY: install compile run test lint bench eval clean

$(STAMP): pyproject.toml setup.py
	test -d $(VENV) || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	FACTDESK_PURE=1 $(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

$(NATIVE): $(STAMP) Makefile setup.py knowledge/native.py $(COMPILED_SRC)
	@echo "make: compiling $(words $(COMPILED_SRC)) modules with mypyc (about a minute)"
	@rm -f knowledge/*.so  # a build that fails leaves the modules interpreted, never stale
	@$(BIN)/python setup.py -q build_ext --inplace >$(VENV)/compile.log 2>&1 \
		&& touch -c knowledge/*.so \
		|| echo "make: could not compile (see $(VENV)/compile.log); the modules run interpreted"
	@touch $(NATIVE)

install: $(NATIVE)

compile: $(NATIVE)

run: $(NATIVE)
	$(BIN)/factdesk init
	$(BIN)/factdesk run

test: $(NATIVE)
	$(BIN)/pytest
	@if [ -n "$$FACTDESK_TEST_PG_URL" ]; then \
		echo "make test: the whole suite again, on PostgreSQL"; \
		FACTDESK_TEST_BACKEND=postgresql $(BIN)/pytest; \
	else \
		echo "make test: FACTDESK_TEST_PG_URL is not set, so the suite ran on SQLite only"; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check knowledge bot tests bench

bench: $(NATIVE)
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

eval: $(NATIVE)
	$(BIN)/pip install -q -e '.[test,bench]'
	$(BIN)/python -m bench.extraction --quantulum
	$(BIN)/python -m bench.copy_questions
	$(BIN)/python -m bench.place_probe

clean:
	rm -rf $(VENV) var build knowledge/*.so
