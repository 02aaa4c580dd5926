# 重点项目建设公开专栏。用法见 README.md：make site（生成网站）、make test（运行全部测试）。

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# A PyPI mirror, for offices in mainland China: make site PIP_INDEX_URL=https://pypi.tuna.tsinghua.edu.cn/simple
# (or export PIP_INDEX_URL=… once; README “发布网站”). No mirror is set here: pip's default is pypi.org.
PIP := $(BIN)/python -m pip install --disable-pip-version-check --quiet $(if $(PIP_INDEX_URL),--index-url $(PIP_INDEX_URL))
RUNTIME := $(VENV)/.installed-runtime
DEV := $(VENV)/.installed-dev

.PHONY: help site test test-no-browser validate serve sync lint schema bench clean screenshots

help:
	@echo "make site      校验内容并生成网站到 site/"
	@echo "make test      运行全部测试"
	@echo "make test-no-browser  运行浏览器测试以外的全部测试（发布时用）"
	@echo "make validate  只校验 content/ 下的记录"
	@echo "make serve     本地预览（改了记录或模板会自动刷新）"
	@echo "make sync M=\"说明\"  校验、提交 content/ 的改动，取回别人的修改，推送"
	@echo "make schema    从记录模型重新导出 schema/ 下的 JSON Schema"
	@echo "make screenshots  重新拍 README 开头的手机截图（docs/screenshots/）"
	@echo "make bench     性能测试（示例数据和 52/500/5000 个合成项目），写入 BENCHMARKS.md"
	@echo "make clean     删除 .venv、build/ 和 site/"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || \
		{ echo "需要 Python 3.11 或更高版本，当前是 $$($(PYTHON) --version 2>&1)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(RUNTIME): requirements.txt | $(BIN)/python
	$(PIP) -r requirements.txt
	@touch $@

$(DEV): requirements-dev.txt $(RUNTIME)
	$(PIP) -r requirements-dev.txt
	@touch $@

site: $(RUNTIME)
	$(BIN)/python -m generator build

# make validate FORMAT=github：错误写成 GitHub Actions 注释（.github/workflows/check.yml 用）
FORMAT ?= text
validate: $(RUNTIME)
	$(BIN)/python -m generator validate --format $(FORMAT)

# make serve ADDR=127.0.0.1:8001：换一个端口
ADDR ?= 127.0.0.1:8000
serve: $(RUNTIME)
	$(BIN)/python -m generator serve --addr $(ADDR)

# make sync M="2021年8月月报"：校验、提交 content/ 的改动、取回别人的修改、推送（docs/staff-guide.md 第七节）
M ?=
sync: $(RUNTIME)
	$(BIN)/python -m generator sync $(if $(M),-m "$(M)")

# axe-core for the browser tests, from the npm registry when npm is there (without it, or without chromium,
# those tests skip; with REQUIRE_BROWSER=1, as in .ci/run, they fail)
AXE := tests/browser/node_modules/.installed
$(AXE): tests/browser/package-lock.json
	npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
	@touch $@

test: $(DEV) $(if $(shell command -v npm),$(AXE))
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

# Publishing runs every test but the browser tests, which the check of each pull request runs
# (.github/workflows/check.yml): no browser to install, no axe-core to fetch, a minute less before the site is up
test-no-browser: $(DEV)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest --ignore=tests/browser

lint: $(DEV)
	$(BIN)/ruff check .

# 省级规模性能测试（约 5 分钟）：示例数据和 52、500、5000 个合成项目，结果写入 BENCHMARKS.md
bench: $(RUNTIME)
	$(BIN)/python -m generator.bench --write BENCHMARKS.md

# README 开头的截图：生成示例网站，用 chromium 按手机宽度（360 px）拍首页和一个项目页，写入 docs/screenshots/
screenshots: site $(DEV)
	$(BIN)/python -m tests.browser.screenshots site docs/screenshots

schema: $(RUNTIME)
	$(BIN)/python -m generator schema

clean:
	rm -rf $(VENV) build site
