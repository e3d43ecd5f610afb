# thidua — tổng hợp điểm thi đua của Khối.  `make consolidate` and `make test` set themselves up.
# Make is a convenience for Linux and macOS; every target runs one `thidua` command that works
# the same without make (on Windows too): see README.md.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
CONFIG ?= demo/block.toml
INBOX  ?= demo/inbox
OUT    ?= output
LANG_OUT ?= vi
FEEDBACK ?= $(OUT)/thu-tra-loi
IMPORT ?=
DEMO_CONFIG := demo/block.toml
DEMO_INBOX  := demo/inbox
# Templates go to input_templates/ unless OUT is given (make templates OUT=thu-muc).
TEMPLATES_OUT := $(if $(filter file,$(origin OUT)),input_templates,$(OUT))

.PHONY: setup consolidate check feedback templates ballots history demo test lint bench clean help

help:
	@echo "make consolidate [CONFIG=block.toml INBOX=thu-muc OUT=output]  - tổng hợp, xếp hạng, ghi kết quả"
	@echo "make check       [CONFIG=... INBOX=...]  - chỉ kiểm tra các tệp đã nhận"
	@echo "make feedback    [CONFIG=... INBOX=... FEEDBACK=$(FEEDBACK)]  - kiểm tra, ghi thư trả lời từng đơn vị"
	@echo "make templates   [CONFIG=... OUT=input_templates]  - tạo tệp mẫu chấm điểm cho từng đơn vị"
	@echo "make ballots     [CONFIG=... INBOX=... OUT=...]  - in phiếu suy tôn và bảng kiểm phiếu"
	@echo "make history     [CONFIG=... OUT=... IMPORT=nam-truoc.toml]  - lịch sử Khối (OUT/lich-su.sqlite)"
	@echo "make test | make lint | make bench | make setup | make clean"
	@echo "Sau make setup, lệnh thidua nằm ở $(BIN)/thidua (hoặc: . $(BIN)/activate rồi gõ thidua)."

# Runs `thidua ARGS` and says what its exit code means; make alone would only print "Error N".
define thidua
	@echo '$(BIN)/thidua $(subst ','\'',$(1))'
	@$(BIN)/thidua $(1); code=$$?; \
	case $$code in \
	  0) ;; \
	  2) echo "thidua: mã thoát 2 — lỗi cấu hình hoặc cách gọi lệnh (xem thông báo ở trên)." >&2 ;; \
	  3) echo "thidua: mã thoát 3 — TẠM THỜI, chưa chính thức: còn đơn vị chưa gửi hoặc hồ sơ có lỗi (xem ở trên); tệp kết quả, nếu có, đã được ghi." >&2 ;; \
	  4) echo "thidua: mã thoát 4 — không ghi được tệp kết quả (tệp đang mở, thư mục chỉ đọc); kết quả cũ giữ nguyên." >&2 ;; \
	  5) echo "thidua: mã thoát 5 — một lần chạy khác đang dùng cùng thư mục; chờ lần đó xong rồi chạy lại." >&2 ;; \
	  *) echo "thidua: mã thoát $$code — lỗi không mong đợi (xem tệp nhật ký đã nêu ở trên)." >&2 ;; \
	esac; exit $$code
endef

$(BIN)/thidua: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@
	@echo "Lệnh thidua: $(BIN)/thidua (hoặc chạy '. $(BIN)/activate' một lần, rồi gõ thidua)."

setup: $(BIN)/thidua

# The demo inbox is generated (never committed): templates filled through their _meta table.
$(DEMO_INBOX)/.made: $(BIN)/thidua $(DEMO_CONFIG) $(wildcard processor/*.py processor/*/*.py tools/*.py)
	$(BIN)/python -m tools.demo --config $(DEMO_CONFIG) --inbox $(DEMO_INBOX)
	@touch $@

demo: $(DEMO_INBOX)/.made

consolidate: setup $(if $(filter $(DEMO_INBOX),$(INBOX)),demo)
ifeq ($(CONFIG),$(DEMO_CONFIG))
	@# The demo's past years (2014, 2017, 2019) as the province's news reported them; idempotent.
	$(call thidua,history --config "$(DEMO_CONFIG)" --out "$(OUT)" --import demo/history.toml > /dev/null)
endif
	$(call thidua,consolidate --config "$(CONFIG)" --inbox "$(INBOX)" --out "$(OUT)" --lang $(LANG_OUT))

check: setup $(if $(filter $(DEMO_INBOX),$(INBOX)),demo)
	$(call thidua,check --config "$(CONFIG)" --inbox "$(INBOX)" --lang $(LANG_OUT))

feedback: setup $(if $(filter $(DEMO_INBOX),$(INBOX)),demo)
	$(call thidua,check --config "$(CONFIG)" --inbox "$(INBOX)" --lang $(LANG_OUT) --feedback "$(FEEDBACK)")

templates: setup
	$(call thidua,templates --config "$(CONFIG)" --out "$(TEMPLATES_OUT)")

ballots: setup $(if $(filter $(DEMO_INBOX),$(INBOX)),demo)
	$(call thidua,ballots --config "$(CONFIG)" --inbox "$(INBOX)" --out "$(OUT)" --lang $(LANG_OUT))

history: setup
	$(call thidua,history --config "$(CONFIG)" --out "$(OUT)" --lang $(LANG_OUT) $(if $(IMPORT),--import "$(IMPORT)"))

test: setup
	$(BIN)/python -m pytest -q -p no:cacheprovider

lint: setup
	$(BIN)/ruff check processor tools tests

bench: setup
	$(BIN)/python -m tools.bench

# Never deletes the block's history (lich-su.sqlite): it holds the years no inbox can rebuild.
clean:
	rm -rf $(VENV) $(DEMO_INBOX) build *.egg-info .pytest_cache .hypothesis
	find output input_templates -mindepth 1 -type f ! -name .gitkeep ! -name 'lich-su.sqlite*' -delete
	find output input_templates -mindepth 1 -type d -empty -delete
	@for f in output/lich-su.sqlite; do [ -f "$$f" ] && echo "Giữ lại lịch sử Khối: $$f" || true; done
