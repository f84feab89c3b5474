// Package eval runs policies in a table environment, compares them, replays
// them and draws the pictures.
//
// Every policy is a Policy: Random, Noop, the rules operators run today —
// Threshold (step scaling on a utilization) and Target (target tracking as
// the Kubernetes HPA computes it) — Optimal (the exact policy of
// tableenv.Solve), Greedy (a trained policy) and Decisions (a decision table).
// NewPolicy builds one from a command-line argument such as
// "threshold:high=0.8" or "runs/ppo/policy.json".
//
// Every policy is also a LivePolicy, which decides from a live situation —
// the configuration in the table's units, the context and the metrics
// measured now — instead of a table row: Decide places it in the table
// with tableenv.Model.Place (nearest recorded levels, and the observation
// a row there would have) and returns the action, the configuration it
// leads to and whether the table recorded it, and a trained policy's
// per-action scores. eval/serve serves it over the network.
//
// Run plays episodes with common random numbers: episode i of every policy
// starts from the same row and draws from the same random stream, so
// differences between policies are paired. Compare reports each policy's mean
// return with its 95% confidence interval (Student's t), its share of the
// exact optimum, its D4RL normalized score, its invalid-move rate, the mean of
// each metric column and a paired t-test against the first policy. Replay
// plays one episode and returns its steps in the table's own units.
//
// The plots — a comparison as bars with confidence intervals, a replay trace,
// a reward heat map over two knobs, a learning curve — are PNG files drawn
// with gonum/plot and written atomically.
package eval
