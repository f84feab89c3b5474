package dataset

// TeaStoreYAML is the built-in spec for tables in the TeaStore schema (the
// shared reference table and the embedded demo): knobs replicas, CPU limit and
// heap; reward the served throughput less the cost, each scaled to [0, 1].
const TeaStoreYAML = `name: teastore
knobs:
  - {name: replicas, column: re}
  - {name: cpu, column: cpu}
  - {name: heap, column: heap}
observe: [cpu.1, ram]
context: []
metrics: [inc_tps, out_tps, cpu.1, ram, cost]
reward: {expr: "minmax(out_tps) - minmax(cost)", missing: 0}
invalid_penalty: -5
horizon: 50
start: random
log:
  action: {column: actionstate, pattern: '-(\d+)$', row: next}
  next: {replicas: re.1, cpu: {column: cpu.2, scale: 1000}, heap: heap.1}
  episodes: {length: 50}
`

// TeaStoreSpec returns the built-in TeaStore spec.
func TeaStoreSpec() *Spec {
	s, err := ParseSpec([]byte(TeaStoreYAML), "teastore")
	if err != nil {
		panic("dataset: built-in spec: " + err.Error()) // a programming error, caught by tests
	}
	return s
}

// IsTeaStore reports whether t has the columns the built-in TeaStore spec reads.
func IsTeaStore(t *Table) bool {
	for _, c := range []string{"re", "heap", "cpu", "inc_tps", "out_tps", "cpu.1", "ram", "cost"} {
		if t.Index(c) < 0 {
			return false
		}
	}
	return true
}
