# selfeval — make run starts the app with demo data; make test runs every test.
GO      ?= go
DATA    ?= data
ADDR    ?= 127.0.0.1:8080
BIN     := bin/selfeval
FUZZTIME ?= 20s

.PHONY: help build run test vet generate check-generated bench fuzz screenshots clean

help: ## this list
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 18

build: ## build bin/selfeval
	$(GO) build -o $(BIN) ./cmd/selfeval

run: build ## the app with demo data on an embedded database in data/
	$(BIN) serve --addr $(ADDR) --db $(DATA)/selfeval.db --demo

test: check-generated vet ## every test (after vet and the generated-code check)
	$(GO) test -count=1 -timeout 15m ./...

vet: ## go vet, staticcheck, gofmt and templ fmt
	$(GO) vet ./...
	$(GO) tool staticcheck ./...
	@bad=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go') | grep -v '_templ.go$$' || true); \
	if [ -n "$$bad" ]; then echo "gofmt needed: $$bad"; exit 1; fi
	@for f in views/*.templ; do $(GO) tool templ fmt -stdout $$f 2>/dev/null | cmp -s - $$f || { echo "templ fmt needed: $$f (run go tool templ fmt views)"; exit 1; }; done

generate: ## regenerate templ views
	$(GO) tool templ generate

check-generated: ## fail when a *_templ.go file is stale (generated afresh in a scratch copy)
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf $$tmp' EXIT; templ=$$($(GO) tool -n templ); \
	mkdir $$tmp/views; cp views/*.templ $$tmp/views/; (cd $$tmp && $$templ generate >/dev/null 2>&1); \
	for f in $$tmp/views/*_templ.go; do \
		if ! cmp -s $$f views/$$(basename $$f); then \
			echo "stale generated code: views/$$(basename $$f) (run make generate)"; exit 1; fi; \
	done; \
	for f in views/*_templ.go; do [ -f $$tmp/views/$$(basename $$f) ] || { echo "generated file without a template: $$f"; exit 1; }; done

bench: build ## Go benchmarks on one core, then the web app under 64 connections
	$(GO) test -run '^$$' -bench . -benchmem -cpu 1 ./internal/... ./web/...
	$(GO) run ./cmd/loadbench -bin $(BIN) -c 64 -d 10s

screenshots: ## the README's screenshots (the form at 1280×800, the list and the form at 390×844), in headless Chromium
	SELFEVAL_SCREENSHOTS=$(CURDIR)/docs/screenshots $(GO) test -count=1 -run '^TestBrowserScreens$$' ./web/

fuzz: ## each fuzz target for $(FUZZTIME)
	$(GO) test -run '^$$' -fuzz '^FuzzParseAmount$$' -fuzztime $(FUZZTIME) ./internal/form/
	$(GO) test -run '^$$' -fuzz '^FuzzParseValue$$' -fuzztime $(FUZZTIME) ./internal/form/
	$(GO) test -run '^$$' -fuzz '^FuzzFieldsSet$$' -fuzztime $(FUZZTIME) ./internal/form/
	$(GO) test -run '^$$' -fuzz '^FuzzReadText$$' -fuzztime $(FUZZTIME) ./internal/exchange/text/
	$(GO) test -run '^$$' -fuzz '^FuzzReadXLSX$$' -fuzztime $(FUZZTIME) ./internal/exchange/xlsx/
	$(GO) test -run '^$$' -fuzz '^FuzzScanPairs$$' -fuzztime $(FUZZTIME) ./web/

clean:
	rm -rf bin
