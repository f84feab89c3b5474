# tablerl — two commands on a fresh machine with only Go: `make run` and `make test`.
GO       ?= go
BIN      := bin/tablerl
FUZZTIME ?= 60s
BENCHTIME ?= 1s

.PHONY: build run test bench bench-train bench-learners bench-dqn-speedup fuzz lint clean onnxruntime

build:
	$(GO) build -buildvcs=auto -o $(BIN) ./cmd/tablerl

# The main job, on the embedded demo table: train PPO on it, compare the trained
# policy with the random, no-op, threshold, target-tracking and optimal policies,
# replay it step by step, and draw the pictures; about a minute.
RUN := runs/demo
run: build
	./$(BIN) train --algo ppo --seed 1 --out $(RUN)/ppo
	./$(BIN) eval --episodes 1000 --seed 1 --csv $(RUN)/eval.csv --png $(RUN)/eval.png \
	  --policy random --policy noop --policy threshold --policy target --policy optimal --policy ppo=$(RUN)/ppo/policy.json
	./$(BIN) replay --policy ppo=$(RUN)/ppo/policy.json --seed 1 --csv $(RUN)/replay.csv --png $(RUN)/replay.png
	./$(BIN) plot heatmap --x replicas --y cpu --out $(RUN)/heatmap.png
	@echo; echo "files in $(RUN)/:"; ls -1 $(RUN)/*.* $(RUN)/ppo/* | sed 's/^/  /'

# Everything CI checks: formatting, vet, and every test (fuzz seed corpora included),
# the exported ONNX policies run by ONNX Runtime among them.
test: lint onnxruntime
	TABLERL_ONNXRUNTIME=$(abspath $(ORT_DIR)) $(GO) test -count=1 ./...

# ONNX Runtime's Node.js binding, for the test that runs exported policies
# (internal/ortnode); its CPU build ships inside the npm package, and
# ONNXRUNTIME_NODE_INSTALL=skip skips its install script's optional CUDA
# download. Without npm the test skips, saying so.
ORT_DIR     ?= .cache/onnxruntime-node
ORT_VERSION := 1.30.0
onnxruntime:
	@if ! command -v npm >/dev/null 2>&1; then \
	  echo "npm not found: the ONNX Runtime test will skip"; \
	elif ! grep -qs '"version": "$(ORT_VERSION)"' $(ORT_DIR)/node_modules/onnxruntime-node/package.json; then \
	  echo "installing onnxruntime-node@$(ORT_VERSION) into $(ORT_DIR)"; \
	  ONNXRUNTIME_NODE_INSTALL=skip npm install --prefix $(ORT_DIR) --no-save --no-audit --no-fund --loglevel=error \
	    onnxruntime-node@$(ORT_VERSION); \
	fi

bench:
	$(GO) test -run='^$$' -bench=. -benchmem -benchtime=$(BENCHTIME) -cpu=1 ./...

# Wall time, peak memory and share of the optimum of each algorithm's default training on TeaStore.
bench-train:
	./.ci/bench-train

# The learners' benchmark: default training of each algorithm (ALGOS, default ppo dqn qtable)
# with each seed (SEEDS, default 1 2 3) on every table of the synth suite, TeaStore
# ($$TABLERL_TEASTORE, default ../shared/teastore_data.csv; skipped if absent) and the demo
# (TABLES picks some by name), sequentially; normalized scores, seconds and peak memory per
# run and per table, into runs/bench-learners/{runs.csv,summary.csv,report.md}.
bench-learners: build
	$(GO) run ./internal/benchlearners -bin $(BIN) -out runs/bench-learners

# DQN's wall-time ratio to the implementation before tableenv.Batch and its own
# matrix kernels (BASE=74c6f39), old and new interleaved on TeaStore.
bench-dqn-speedup:
	./.ci/bench-dqn-speedup

fuzz:
	$(GO) test -run='^$$' -fuzz='^FuzzReadText$$' -fuzztime=$(FUZZTIME) ./dataset
	$(GO) test -run='^$$' -fuzz='^FuzzParseFloat$$' -fuzztime=$(FUZZTIME) ./dataset
	$(GO) test -run='^$$' -fuzz='^FuzzParseSpec$$' -fuzztime=$(FUZZTIME) ./dataset
	$(GO) test -run='^$$' -fuzz='^FuzzNewLog$$' -fuzztime=$(FUZZTIME) ./tableenv
	$(GO) test -run='^$$' -fuzz='^FuzzReadDecisions$$' -fuzztime=$(FUZZTIME) ./eval
	$(GO) test -run='^$$' -fuzz='^FuzzNewPolicy$$' -fuzztime=$(FUZZTIME) ./eval
	$(GO) test -run='^$$' -fuzz='^FuzzUnmarshal$$' -fuzztime=$(FUZZTIME) ./train/onnx

# Execute notebooks/tablerl.ipynb headless with the GoNB kernel and save its outputs (plots
# included) into it; installs Debian's Jupyter, GoNB, goimports and gopls first if missing.
.PHONY: notebooks
notebooks:
	bash notebooks/run

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "not gofmt-ed: $$out"; exit 1; fi
	$(GO) vet ./...

clean:
	rm -rf bin
