# Two commands on a fresh machine: `make demo` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SEEDS := seeds

.PHONY: install demo test bench clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# The CPU build of torch first: left to the resolver, sentence-transformers pulls a CUDA build.
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/.installed

demo: install
	@mkdir -p reports
	$(BIN)/factlint check $(SEEDS)/drafts --sources $(SEEDS)/sources --fail-on never
	$(BIN)/factlint check $(SEEDS)/drafts --sources $(SEEDS)/sources --format json --output reports/demo.json --fail-on never
	$(BIN)/factlint check $(SEEDS)/drafts --sources $(SEEDS)/sources --format markdown --output reports/demo.md --fail-on never
	$(BIN)/factlint check $(SEEDS)/drafts --sources $(SEEDS)/sources --format html --output reports/demo.html --fail-on never
	$(BIN)/factlint check $(SEEDS)/drafts --sources $(SEEDS)/sources --format sarif --output reports/demo.sarif --fail-on never
	$(BIN)/factlint check $(SEEDS)/drafts --sources $(SEEDS)/sources --format junit --output reports/demo.xml --fail-on never
	$(BIN)/factlint check $(SEEDS)/drafts --sources $(SEEDS)/sources --format github --output reports/demo.github.txt --fail-on never
	$(BIN)/factlint check --sources $(SEEDS)/sources --format markdown --output reports/sources.md --fail-on never

test: install
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) reports/*.json reports/*.md .pytest_cache
