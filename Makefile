# Every target installs what it needs first, so each works on a fresh clone.
SHELL := /bin/bash
NPM_STAMP := node_modules/.package-lock.json

.PHONY: install build codegen check-generated test demo bench codegen-all typecheck runtimes test-runtimes

$(NPM_STAMP): package.json $(wildcard package-lock.json)
	npm ci --no-audit --no-fund --loglevel=error || npm install --no-audit --no-fund --loglevel=error
	@touch $(NPM_STAMP)

install: $(NPM_STAMP)

build: install
	npm run build

typecheck: install
	npm run typecheck

# Regenerates the committed clients from models/.
codegen: install
	npx tsx codegen/cli.ts --all-in-repo

# Regenerates into a temporary folder and fails on any difference from src/generated.
check-generated: install
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	npx tsx codegen/cli.ts --all-in-repo --out-root "$$tmp" && \
	diff -r "$$tmp" src/generated && echo "src/generated is up to date"

test: install
	npm test

demo: install
	npx tsx demo/claim-jobs.ts $(ARGS)

bench: install
	npx tsx bench/run.ts $(ARGS)

# GetItem apps bundled by esbuild (node and browser), sizes and whole-process time; see BENCHMARKS.md "Bundles".
.PHONY: bench-bundle
bench-bundle: install
	npx tsx bench/bundle.ts $(ARGS)

codegen-all: install
	npx tsx codegen/all.ts

# The runtimes the conformance tests run the packed package in (.cache/runtimes/;
# Chromium through apt, as root, when /usr/bin/chromium is missing).
runtimes:
	bash scripts/install-runtimes.sh --with-chromium

# The conformance scenario in every runtime, and the packed package's export names.
test-runtimes: install
	npx mocha 'test/runtimes/**/*.test.ts' test/package/names.test.ts

# Moves models/ to another botocore release in one step: copies DynamoDB's and DynamoDB
# Streams' model, paginators, waiters and endpoint rules (and partitions.json), with the
# release's license and provenance (models/PROVENANCE.json), regenerates src/generated and
# the embedded endpoint data, and runs the generator, endpoint and wire tests.
#   make update-model FROM=<botocore data dir> [VERSION=X.Y.Z]
.PHONY: update-model
update-model: install
	@test -n "$(FROM)" || { echo "usage: make update-model FROM=<botocore data dir> [VERSION=X.Y.Z]" >&2; exit 2; }
	node scripts/update-model.mjs "$(FROM)" $(if $(VERSION),--version $(VERSION))
