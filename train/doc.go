// Package train learns policies offline against a tableenv.Model: PPO, DQN
// (double, dueling) and tabular Q-learning, with checkpoints and a versioned
// policy export. Networks live in the sub-package nn.
//
// # The registry
//
// Every algorithm is an Algorithm in one registry (see Algorithms,
// LookupAlgorithm): its name, a constructor of its default Config, a
// constructor of its Learner from that config, and a loader of the greedy
// policy its Learner.Policy exports into a PolicyFile. The command line
// builds its hyperparameter flags from Config.Params, reads and writes the
// config as YAML, and never names an algorithm's types.
//
// A Config is a plain struct that embeds BaseConfig inline (`yaml:",inline"`),
// so the shared keys — total_steps, seed, start_row, explore_starts,
// keep_best, stop_within — sit beside the algorithm's own in a config.yaml.
// BaseConfig validates them and says where training episodes start.
//
// Adding an algorithm takes its own files — a config embedding BaseConfig
// with Params and Validate and a function of its defaults, a constructor of
// its Learner (Iterate, Steps, Greedy, Policy, MarshalBinary,
// UnmarshalBinary), and a policy loader — and one line in the registry list
// in algo.go:
//
//	newAlgorithm("ppo", DefaultPPOConfig, NewPPO, loadPPOPolicy),
//
// # Running
//
// Run drives a Learner to its budget, evaluating the greedy policy exactly
// (GreedyReturn) for the learning curve and checkpointing atomically, so that
// a run stopped by a signal and resumed ends with the same policy. Its Result
// holds the curve with the exact optimal and random returns it is measured
// against. With keep_best the exported policy is that of the best evaluation;
// with stop_within the run ends at the first evaluation within that fraction
// of the optimum on the random-to-optimal scale, optimum − return ≤
// stop_within × |optimum − random| (tableenv.WithinOptimum), which means the
// same for negative, zero and positive optima. Percentages of the optimum and
// normalized scores are NaN where undefined (tableenv.PctOfOptimal,
// tableenv.NormalizedScore) and null in JSON.
package train
