# thidua — tổng hợp điểm thi đua của Khối.  `make consolidate` and `make test` set themselves up.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
CONFIG ?= demo/block.toml
INBOX  ?= demo/inbox
OUT    ?= output
LANG_OUT ?= vi
DEMO_CONFIG := demo/block.toml
DEMO_INBOX  := demo/inbox

.PHONY: setup consolidate check templates demo test bench clean help

help:
	@echo "make consolidate [CONFIG=block.toml INBOX=thu-muc OUT=output]  - tổng hợp, xếp hạng, ghi kết quả"
	@echo "make check       [CONFIG=... INBOX=...]  - chỉ kiểm tra các tệp đã nhận"
	@echo "make templates   [CONFIG=... OUT=...]    - tạo tệp mẫu chấm điểm cho từng đơn vị"
	@echo "make test | make bench | make setup | make clean"

$(BIN)/thidua: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

setup: $(BIN)/thidua

# The demo inbox is generated (never committed): templates filled through their _meta table.
$(DEMO_INBOX)/.made: $(BIN)/thidua $(DEMO_CONFIG) $(wildcard processor/*.py processor/*/*.py tools/*.py)
	$(BIN)/python -m tools.demo --config $(DEMO_CONFIG) --inbox $(DEMO_INBOX)
	@touch $@

demo: $(DEMO_INBOX)/.made

consolidate: setup $(if $(filter $(DEMO_INBOX),$(INBOX)),demo)
ifeq ($(CONFIG),$(DEMO_CONFIG))
	@# The demo's past years (2014, 2017, 2019) as the province's news reported them; idempotent.
	$(BIN)/thidua history --config $(DEMO_CONFIG) --db $(OUT)/lich-su.sqlite --import demo/history.toml > /dev/null
endif
	$(BIN)/thidua consolidate --config $(CONFIG) --inbox $(INBOX) --out $(OUT) --lang $(LANG_OUT)

check: setup $(if $(filter $(DEMO_INBOX),$(INBOX)),demo)
	$(BIN)/thidua check --config $(CONFIG) --inbox $(INBOX)

templates: setup
	$(BIN)/thidua templates --config $(CONFIG) --out input_templates

test: setup
	$(BIN)/python -m pytest -q -p no:cacheprovider

bench: setup
	$(BIN)/python -m tools.bench

clean:
	rm -rf $(VENV) $(DEMO_INBOX) build *.egg-info .pytest_cache .hypothesis
	find output input_templates -mindepth 1 ! -name .gitkeep -delete
