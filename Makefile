# The two commands of README.md: `make run` and `make test`.
GO ?= go
DATA_DIR ?= ./var

.PHONY: run test build bench fidelity fuzz

build:
	$(GO) build -o bin/prep ./cmd/prep

# Redis (installed with apt-get if absent) and `prep serve` on
# http://localhost:8080; Ctrl-C stops both.
run: build
	PREP_DATA_DIR=$(DATA_DIR) ./scripts/run.sh

# Every test, with the fuzz seed corpora; race detector on.
test:
	$(GO) vet ./...
	$(GO) test -race -count=1 -timeout 40m ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...
