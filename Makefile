# SmartStock developer commands (GNU make). `make run` starts the embedded
# default (SQLite, no Redis); `make test` / `make test-mariadb` run the suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Python 3.11 is what production runs; fall back to python3 when no python3.11.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Debian packages: mysqlclient's build needs the client headers, pkg-config and
# a compiler, compilemessages needs gettext, the browser tests need chromium.
SYSTEM_PACKAGES := default-libmysqlclient-dev pkg-config gcc python3-dev python3-venv libgomp1 \
	gettext chromium
EXTRA_PACKAGES ?=
MARIADB_HOST ?= 127.0.0.1
MARIADB_PORT ?= 3306
MARIADB_DATABASE ?= smartstock_ci
MARIADB_URL ?= mysql://root:@$(MARIADB_HOST):$(MARIADB_PORT)/$(MARIADB_DATABASE)
RUN_ADDRESS ?= 127.0.0.1:8000

# requirements.lock: the whole dependency tree with hashes, compiled from
# requirements.txt by uv (`make lock`); installs use it and nothing else.
UV_VERSION ?= 0.13.9
LOCK_PYTHON ?= 3.11

.PHONY: help install system-packages messages run test test-mariadb lint lock lock-check

help:
	@echo "make install       system packages, .venv, requirements, compiled messages"
	@echo "make run           migrate SQLite, load the demo data, serve $(RUN_ADDRESS)"
	@echo "make test          pytest on DATABASE_URL (SQLite when unset)"
	@echo "make test-mariadb  pytest on MariaDB at $(MARIADB_HOST):$(MARIADB_PORT) as root"
	@echo "make lint          ruff check"
	@echo "make lock          recompile requirements.lock (hashes) from requirements.txt"

install: system-packages $(STAMP) messages

# Installs only what is missing; one `apt-get update` when something is.
system-packages:
	@set -e; \
	if ! command -v dpkg >/dev/null 2>&1; then \
		echo "make: no dpkg here; install by hand: $(SYSTEM_PACKAGES) $(EXTRA_PACKAGES)"; \
		exit 0; \
	fi; \
	missing=""; \
	for package in $(SYSTEM_PACKAGES) $(EXTRA_PACKAGES); do \
		dpkg -s "$$package" >/dev/null 2>&1 || missing="$$missing $$package"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then sudo=""; \
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo"; \
	else sudo="none"; fi; \
	if [ "$$sudo" = none ] || ! command -v apt-get >/dev/null 2>&1; then \
		echo "make: missing system packages:$$missing"; \
		echo "make: cannot install them (needs apt-get as root). Without"; \
		echo "      default-libmysqlclient-dev and pkg-config mysqlclient cannot build;"; \
		echo "      the MariaDB tests and production need it (SQLite still works)."; \
		exit 0; \
	fi; \
	echo "make: installing system packages:$$missing"; \
	export DEBIAN_FRONTEND=noninteractive; \
	$$sudo apt-get update -qq; \
	$$sudo apt-get install -y -qq --no-install-recommends $$missing

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Reinstalls only when requirements.txt or the lock is newer than the stamp.
# The lock must agree with requirements.txt (scripts/lock.py check fails loudly
# otherwise: run `make lock`); pip then installs exactly the locked versions and
# refuses any file whose hash differs. Without the MySQL client headers
# mysqlclient is left out (and no stamp is written, so the next run tries again
# once the headers are there).
$(STAMP): requirements.txt requirements.lock | $(PY)
	@set -e; \
	$(PY) scripts/lock.py check; \
	if pkg-config --exists mysqlclient 2>/dev/null || pkg-config --exists libmariadb 2>/dev/null; then \
		$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements.lock; \
		touch $(STAMP); \
	else \
		echo "make: MySQL client headers not found: installing without mysqlclient."; \
		echo "      SQLite works; the MariaDB tests and production need mysqlclient."; \
		$(PY) scripts/lock.py without mysqlclient > $(VENV)/requirements-no-mysql.lock; \
		$(PY) -m pip install --quiet --require-hashes --no-deps \
			-r $(VENV)/requirements-no-mysql.lock; \
	fi

# Recompiles requirements.lock from requirements.txt for Linux, macOS and
# Windows on Python $(LOCK_PYTHON), every file's sha256 included. The versions
# already in the lock are kept unless requirements.txt asks otherwise, so a rerun
# without changes rewrites the same file (uv's cache makes it take seconds).
# To move every unpinned dependency forward: make lock LOCK_ARGS=--upgrade
lock: | $(PY)
	@$(VENV)/bin/uv --version 2>/dev/null | grep -q " $(UV_VERSION)" || \
		$(PY) -m pip install --quiet "uv==$(UV_VERSION)"
	$(VENV)/bin/uv pip compile requirements.txt --quiet --generate-hashes --universal \
		--python-version $(LOCK_PYTHON) --custom-compile-command "make lock" \
		$(LOCK_ARGS) -o requirements.lock
	$(PY) scripts/lock.py check

lock-check: | $(PY)
	$(PY) scripts/lock.py check

# The compiled .mo files are committed too; this refreshes them when gettext
# is there. --ignore keeps it away from the packages' catalogues in .venv.
messages: | $(PY)
	@if command -v msgfmt >/dev/null 2>&1; then \
		$(PY) manage.py compilemessages --ignore=$(VENV) --ignore=node_modules -v 0; \
	else \
		echo "make: msgfmt not found (gettext); using the committed .mo files."; \
	fi

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py forecast --demo
	$(PY) manage.py replenish
	# The demo's fake channels serve beside the web server (see README, Channel connections).
	$(PY) manage.py channel_demo & trap 'kill $$!' EXIT INT TERM; $(PY) manage.py runserver $(RUN_ADDRESS)

test: install
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# pytest-django creates test_$(MARIADB_DATABASE) next to it (root may CREATE).
test-mariadb:
	mysql --protocol=TCP -h$(MARIADB_HOST) -P$(MARIADB_PORT) -uroot -e \
		"CREATE DATABASE IF NOT EXISTS \`$(MARIADB_DATABASE)\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
	DATABASE_URL="$(MARIADB_URL)" $(MAKE) --no-print-directory test

lint: install
	$(VENV)/bin/ruff check .
