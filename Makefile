# tablerl — two commands on a fresh machine with only Go: `make run` and `make test`.
GO       ?= go
BIN      := bin/tablerl
FUZZTIME ?= 60s
BENCHTIME ?= 1s

.PHONY: build run test bench bench-train fuzz lint clean

build:
	$(GO) build -o $(BIN) ./cmd/tablerl

# The main job, on the embedded demo table: look at it, train PPO on it, and compare the
# trained policy with the random and the optimal policy.
run: build
	./$(BIN) inspect
	./$(BIN) train --algo ppo --seed 1 --out runs/demo-ppo
	./$(BIN) eval --policy runs/demo-ppo/policy.json --policy random --policy optimal --episodes 1000

# Everything CI checks: formatting, vet, and every test (fuzz seed corpora included).
test: lint
	$(GO) test -count=1 ./...

bench:
	$(GO) test -run='^$$' -bench=. -benchmem -benchtime=$(BENCHTIME) -cpu=1 ./...

# Wall time, peak memory and share of the optimum of each algorithm's default training on TeaStore.
bench-train:
	./.ci/bench-train

fuzz:
	$(GO) test -run='^$$' -fuzz='^FuzzReadText$$' -fuzztime=$(FUZZTIME) ./dataset
	$(GO) test -run='^$$' -fuzz='^FuzzParseFloat$$' -fuzztime=$(FUZZTIME) ./dataset
	$(GO) test -run='^$$' -fuzz='^FuzzParseSpec$$' -fuzztime=$(FUZZTIME) ./dataset

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "not gofmt-ed: $$out"; exit 1; fi
	$(GO) vet ./...

clean:
	rm -rf bin
