package synth

// The grid of configurations: nine levels of each of three knobs. A level
// is an index 0..levels-1; replicas run 1..9, heap and CPU 100..900 (MB and
// millicores), as in the TeaStore table.
const (
	levels  = 9                        // levels of each knob
	configs = levels * levels * levels // configurations of the grid

	heapStep = 100 // MB per heap level
	cpuStep  = 100 // millicores per CPU level
)

// Action ids, as in TeaStore's actionstate column and the built-in spec's
// action space (knobs in the order replicas, cpu, heap; +1 then −1 of each).
const (
	noOp = iota
	addReplica
	removeReplica
	addCPU
	removeCPU
	addHeap
	removeHeap

	numActions
)

// config is a point of the grid, as levels.
type config struct {
	re, heap, cpu int
}

func (c config) replicas() int   { return c.re + 1 }
func (c config) heapMB() int     { return (c.heap + 1) * heapStep }
func (c config) millicores() int { return (c.cpu + 1) * cpuStep }

// index numbers the configurations 0..configs-1 for the visit counts.
func (c config) index() int { return (c.re*levels+c.heap)*levels + c.cpu }

// apply returns the configuration action a leads to and whether it stays in
// the grid.
func (c config) apply(a int) (config, bool) {
	n := c
	switch a {
	case noOp:
	case addReplica:
		n.re++
	case removeReplica:
		n.re--
	case addCPU:
		n.cpu++
	case removeCPU:
		n.cpu--
	case addHeap:
		n.heap++
	case removeHeap:
		n.heap--
	default:
		return c, false
	}
	return n, n.inGrid()
}

func (c config) inGrid() bool {
	return 0 <= c.re && c.re < levels &&
		0 <= c.heap && c.heap < levels &&
		0 <= c.cpu && c.cpu < levels
}

// dist is the number of actions between two configurations.
func dist(a, b config) int { return abs(a.re-b.re) + abs(a.heap-b.heap) + abs(a.cpu-b.cpu) }

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
