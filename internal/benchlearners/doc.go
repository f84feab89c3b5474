// Command benchlearners is the learners' benchmark behind make bench-learners:
// it trains each algorithm with its default hyperparameters and several seeds
// on every table of the synth suite, TeaStore's table (when present) and the
// embedded demo table, all through bin/tablerl as subprocesses, one at a time
// so that timings do not contend, and scores each greedy policy's exact
// return between the random policy's (0) and the optimum's (100):
//
//	normalized = 100 · (greedy − random) / (optimal − random)
//
// undefined (- in text, empty in CSV) where optimal == random. It prints one
// line per run as it goes, then a summary per table and algorithm (mean and
// least normalized score, most seconds), and writes runs.csv, summary.csv and
// report.md into its output directory. ALGOS, TABLES and SEEDS (space- or
// comma-separated) choose a subset; TABLERL_TEASTORE locates TeaStore.
package main
