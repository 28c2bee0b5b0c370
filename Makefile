# The two commands of README.md: `make run` and `make test`.
GO ?= go
DATA_DIR ?= ./var

.PHONY: run test build bench fuzz load bench-batch

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

# Benchmarks of every stage (the service load test is `make load`).
bench:
	$(GO) test -run '^$$' -bench . -benchmem -benchtime 20x ./ingest ./match ./report
	$(GO) test -run '^$$' -bench PipelineStages -benchmem ./cmd/prep

# Each fuzz target for FUZZTIME (default 10m), one after the other; the
# seed corpora run in every `make test`.
FUZZTIME ?= 10m
fuzz:
	for t in FuzzExtractPDF FuzzExtractDOCX FuzzExtractText FuzzDetect FuzzStructure; do \
		$(GO) test ./ingest -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 100x -parallel 1 -timeout 0 || exit 1; \
	done

# 300 uploads at concurrency 8 against one `prep serve` on loopback, then
# 50 paced at 5/s: reports/s, upload→ready latency, peak memory.
load:
	$(GO) test -run '^$$' -bench ServiceLoad -benchtime 1x -timeout 30m ./cmd/prep

# 500 CVs through one `prep serve` and through `prep batch`, side by side.
bench-batch:
	$(GO) test -run '^$$' -bench Batch500 -benchtime 1x -timeout 30m ./cmd/prep
