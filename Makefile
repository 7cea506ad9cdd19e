# selfeval — make run starts the app with demo data; make test runs every test.
GO      ?= go
DATA    ?= data
ADDR    ?= 127.0.0.1:8080
BIN     := bin/selfeval
FUZZTIME ?= 20s

.PHONY: build run test vet generate check-generated bench fuzz clean

build: ## build bin/selfeval
	$(GO) build -o $(BIN) ./cmd/selfeval

run: build ## the app with demo data on an embedded database in $(DATA)/
	$(BIN) serve --addr $(ADDR) --db $(DATA)/selfeval.db --demo

test: check-generated vet ## every test
	$(GO) test -count=1 -timeout 15m ./...

vet:
	$(GO) vet ./...
	@bad=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go') | grep -v '_templ.go$$' || true); \
	if [ -n "$$bad" ]; then echo "gofmt needed: $$bad"; exit 1; fi

generate: ## regenerate templ views
	$(GO) tool templ generate -path views

check-generated: ## fail when a *_templ.go file is stale
	@set -e; for f in $$(find views -name '*.templ' 2>/dev/null); do \
		$(GO) tool templ generate -stdout -f $$f > /tmp/selfeval-templ-check.go 2>/dev/null; \
		if ! cmp -s /tmp/selfeval-templ-check.go $${f%.templ}_templ.go; then \
			echo "stale generated code: $${f%.templ}_templ.go (run make generate)"; exit 1; fi; \
	done

bench: build ## Go benchmarks on one core, then the web app under 64 connections
	$(GO) test -run '^$$' -bench . -benchmem -cpu 1 ./internal/... ./web/...
	$(GO) run ./cmd/loadbench -bin $(BIN) -c 64 -d 10s

fuzz: ## each fuzz target for $(FUZZTIME)
	$(GO) test -run '^$$' -fuzz '^FuzzParseAmount$$' -fuzztime $(FUZZTIME) ./internal/form/
	$(GO) test -run '^$$' -fuzz '^FuzzParseValue$$' -fuzztime $(FUZZTIME) ./internal/form/
	$(GO) test -run '^$$' -fuzz '^FuzzReadText$$' -fuzztime $(FUZZTIME) ./internal/exchange/

clean:
	rm -rf bin
