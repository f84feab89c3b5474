// Package teastore locates the shared TeaStore reference table for tests and
// benchmarks: $TABLERL_TEASTORE, or ../shared/teastore_data.csv beside the
// module's root. Where it is absent the caller skips, saying why.
package teastore
