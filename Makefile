# tablerl — two commands on a fresh machine with only Go: `make run` and `make test`.
GO       ?= go
BIN      := bin/tablerl
FUZZTIME ?= 60s
BENCHTIME ?= 1s

.PHONY: build run run-load test bench bench-train bench-learners bench-dqn-speedup fuzz lint clean proto onnxruntime

build:
	$(GO) build -buildvcs=auto -o $(BIN) ./cmd/tablerl

# The main job, on the embedded demo table: train PPO on it, compare the trained
# policy with the random, no-op, threshold, target-tracking and optimal policies,
# replay it step by step, draw the pictures; then the same for a day of changing
# load (run-load); last, serve the demo policy: start `tablerl serve` on free
# ports, ask it one decision and stop it; a few minutes.
RUN := runs/demo
run: build
	./$(BIN) train --algo ppo --seed 1 --force --out $(RUN)/ppo
	./$(BIN) eval --episodes 1000 --seed 1 --csv $(RUN)/eval.csv --png $(RUN)/eval.png \
	  --policy random --policy noop --policy threshold --policy target --policy optimal --policy ppo=$(RUN)/ppo/policy.json
	./$(BIN) replay --policy ppo=$(RUN)/ppo/policy.json --seed 1 --csv $(RUN)/replay.csv --png $(RUN)/replay.png
	./$(BIN) plot heatmap --x replicas --y cpu --out $(RUN)/heatmap.png
	@echo; echo "files in $(RUN)/:"; ls -1 $(RUN)/*.* $(RUN)/ppo/* | sed 's/^/  /'
	@$(MAKE) --no-print-directory run-load
	@echo; echo "serving the policy: tablerl serve ppo=$(RUN)/ppo/policy.json, one decision, SIGTERM"
	@rm -f $(RUN)/serve.json; \
	./$(BIN) serve --json --addr 127.0.0.1:0 --grpc-addr 127.0.0.1:0 ppo=$(RUN)/ppo/policy.json >$(RUN)/serve.json 2>$(RUN)/serve.log & pid=$$!; \
	$(GO) run ./internal/ask --addr-file $(RUN)/serve.json --policy ppo \
	  --body '{"config": {"replicas": 3, "cpu": 450, "heap": 700}, "metrics": {"cpu.1": 0.62, "ram": 0.55}}'; rc=$$?; \
	kill -TERM $$pid; wait $$pid || rc=1; cat $(RUN)/serve.log; exit $$rc

# A generated day with spikes (96 steps of 15 minutes) on a generated load-level table, 2 steps
# of delay on replicas and ±1/±2 actions: train PPO, compare it with the baselines under
# changing load, replay the day and draw it; about a minute.
LOAD := runs/load-day
run-load: build
	mkdir -p $(LOAD)
	./$(BIN) gen sweep --grid 9x3 --loads 8 --coverage 1 --horizon 96 --seed 1 $(LOAD)/sweep.csv
	./$(BIN) gen load --steps 96 --steps-per-day 96 --seed 1 $(LOAD)/day.csv
	printf 'load: {file: day.csv, period: {day: 96}}\ndelay: {replicas: 2}\nactions: {step: [1, 2]}\n' >> $(LOAD)/sweep.spec.yaml
	./$(BIN) inspect --spec $(LOAD)/sweep.spec.yaml $(LOAD)/sweep.csv | tail -6
	./$(BIN) train --algo ppo --seed 1 --spec $(LOAD)/sweep.spec.yaml --force --out $(LOAD)/ppo $(LOAD)/sweep.csv
	./$(BIN) eval --spec $(LOAD)/sweep.spec.yaml --episodes 500 --seed 1 --csv $(LOAD)/eval.csv --png $(LOAD)/eval.png \
	  --policy ppo=$(LOAD)/ppo/policy.json --policy scheduled --policy static --policy step-scaling:metric=cpu_used \
	  --policy step-scaling:metric=cpu_used,cooldown_out=1,cooldown_in=2 --policy target:metric=cpu_used --policy random $(LOAD)/sweep.csv
	./$(BIN) replay --spec $(LOAD)/sweep.spec.yaml --policy ppo=$(LOAD)/ppo/policy.json --seed 1 --csv $(LOAD)/replay.csv --png $(LOAD)/replay.png $(LOAD)/sweep.csv

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
	$(GO) test -run='^$$' -fuzz='^FuzzParseDecide$$' -fuzztime=$(FUZZTIME) ./eval/serve
	$(GO) test -run='^$$' -fuzz='^FuzzParseMetadata$$' -fuzztime=$(FUZZTIME) ./eval/serve
	$(GO) test -run='^$$' -fuzz='^FuzzUnmarshal$$' -fuzztime=$(FUZZTIME) ./train/onnx
	$(GO) test -run='^$$' -fuzz='^FuzzReadParquet$$' -fuzztime=$(FUZZTIME) ./dataset
	$(GO) test -run='^$$' -fuzz='^FuzzModelSolve$$' -fuzztime=$(FUZZTIME) ./tableenv
	$(GO) test -run='^$$' -fuzz='^FuzzLoadPolicy$$' -fuzztime=$(FUZZTIME) ./train
	$(GO) test -run='^$$' -fuzz='^FuzzCheckpoint$$' -fuzztime=$(FUZZTIME) ./train

# Execute notebooks/tablerl.ipynb headless with the GoNB kernel and save its outputs (plots
# included) into it; installs Debian's Jupyter, GoNB, goimports and gopls first if missing.
.PHONY: notebooks
notebooks:
	bash notebooks/run

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "not gofmt-ed: $$out"; exit 1; fi
	$(GO) vet ./...

# Regenerate eval/serve/externalscaler's Go code from its .proto (committed):
# protoc from Debian's protobuf-compiler, the Go plugins at the versions the
# committed code was made with.
PROTOC_GEN_GO      := google.golang.org/protobuf/cmd/protoc-gen-go@v1.36.12
PROTOC_GEN_GO_GRPC := google.golang.org/grpc/cmd/protoc-gen-go-grpc@v1.6.2
proto:
	@command -v protoc >/dev/null || { echo "protoc is missing: apt-get install protobuf-compiler"; exit 1; }
	GOBIN=$(CURDIR)/bin $(GO) install $(PROTOC_GEN_GO)
	GOBIN=$(CURDIR)/bin $(GO) install $(PROTOC_GEN_GO_GRPC)
	PATH=$(CURDIR)/bin:$$PATH protoc --proto_path=eval/serve/externalscaler \
	  --go_out=eval/serve/externalscaler --go_opt=paths=source_relative \
	  --go-grpc_out=eval/serve/externalscaler --go-grpc_opt=paths=source_relative \
	  externalscaler.proto

clean:
	rm -rf bin
