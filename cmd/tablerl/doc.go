// Command tablerl learns autoscaling policies offline from recorded metric
// tables: it inspects a table, samples its environment with a random policy,
// trains policies, compares them with baselines and the optimum, replays
// them, draws pictures, converts between formats and generates synthetic
// tables. See the README.
package main
