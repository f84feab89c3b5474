// Package ope estimates policies' values from a log alone — off-policy
// evaluation — and, since a table model gives every policy's exact value,
// says how far each estimate is from the truth.
//
// The estimators (Estimators) are trajectory importance sampling (IS),
// per-decision IS (PDIS), weighted IS (WIS), doubly robust (DR, Jiang & Li
// 2016) and weighted DR (WDR, Thomas & Brunskill 2016), fitted Q evaluation
// (FQE, tabular, finite-horizon) and model-based (MB: the table model rebuilt
// from the log's transitions). Each comes with a percentile bootstrap CI over
// the log's episodes. Compare scores each estimator across policies:
// absolute and relative error, Spearman rank correlation and regret@1.
//
// A value is the expected undiscounted return over the spec's horizon from
// the first rows of the log's episodes, the episodes as long as the horizon
// (cut to it); shorter ones are left out, their value not being the
// horizon's. The exact value (Exact) is computed for the same start rows.
package ope
