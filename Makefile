# The two commands of README.md: `make run` and `make test`.
GO ?= go
DATA_DIR ?= ./var

.PHONY: run test build bench fidelity fuzz

build:
	$(GO) build -o bin/prep ./cmd/prep

run: build
	./bin/prep extract ../shared/corpus/cv/rendercv__John_Doe_ClassicTheme_CV.pdf

# Every test, with the fuzz seed corpora; race detector on.
test:
	$(GO) vet ./...
	$(GO) test -race -count=1 -timeout 40m ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...
