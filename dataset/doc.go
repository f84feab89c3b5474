// Package dataset loads recorded metric tables into Apache Arrow columns and
// describes them with a Spec.
//
// A metric table has one row per measured interval of a service: the
// configuration it ran under (replicas, CPU limit, heap, ...), what it served
// and what it cost. Three formats are read: whitespace-separated text (runs of
// spaces or tabs, as TeaStore's table), comma CSV and Parquet. Repeated header
// names are de-duplicated as pandas does (cpu, cpu.1, cpu.2). Every column whose
// cells are all numbers (or nulls: empty, nan, NaN, NA, ...) becomes float64 —
// decided over all rows, never from the first row alone; any other column stays
// a string column.
//
// Errors carry their place: a *ParseError names the file, line and column, and
// wraps one of the sentinel errors (ErrRagged, ErrNotNumber, ...) so callers can
// test with errors.Is. A *SpecError names the spec file and the key.
//
// A Spec (YAML) says which columns are knobs, observations, context and reward;
// the built-in TeaStore spec is returned by TeaStoreSpec.
package dataset
