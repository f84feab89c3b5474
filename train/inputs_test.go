package train

import (
	"slices"
	"strings"
	"testing"
)

// TestPolicyOfAnOlderObservation loads a policy trained (by tablerl before
// the observation gained its move indicators) on the demo's five inputs:
// it is accepted, and it acts as its network does on those five values of
// today's observation, found by name.
func TestPolicyOfAnOlderObservation(t *testing.T) {
	m := demoModel(t)
	pf, err := LoadPolicy("testdata/ppo-demo-5inputs.json")
	if err != nil {
		t.Fatal(err)
	}
	if slices.Equal(pf.ObsNames, m.ObsNames) {
		t.Fatalf("the fixture names today's observation %v; it must be an older one", m.ObsNames)
	}
	if err := pf.Check(m, "", true); err != nil {
		t.Fatalf("an older policy is refused: %v", err)
	}
	g, err := pf.Greedy(m)
	if err != nil {
		t.Fatal(err)
	}
	net, err := NewMLPGreedy(*pf.Network, pf.ObsMean, pf.ObsStd)
	if err != nil {
		t.Fatal(err)
	}
	idx, err := m.ObsIndex(pf.ObsNames)
	if err != nil {
		t.Fatal(err)
	}
	batch := make([]int, m.NumRows())
	all := make([]float64, 0, m.NumRows()*m.ObsDim())
	for r := 0; r < m.NumRows(); r++ {
		all = append(all, m.Observation(r)...)
	}
	g.(BatchGreedy).ActBatch(all, batch)
	in := make([]float64, len(idx))
	for r := 0; r < m.NumRows(); r++ {
		for i, j := range idx {
			in[i] = m.Observation(r)[j]
		}
		want := net.Act(in)
		if got := g.Act(m.Observation(r)); got != want {
			t.Fatalf("row %d: Act %d, the network on its own inputs %d", r, got, want)
		}
		if batch[r] != want {
			t.Fatalf("row %d: ActBatch %d, the network on its own inputs %d", r, batch[r], want)
		}
		a, got := g.(Scorer).ActScores(nil, m.Observation(r))
		if _, own := net.ActScores(nil, in); a != want || !slices.Equal(got, own) {
			t.Fatalf("row %d: ActScores %d, %v; the network's on its own inputs %d, %v", r, a, got, want, own)
		}
	}
}

// TestPolicyNamingAnUnknownInput refuses a policy that reads a value the
// table's observation lacks, naming it.
func TestPolicyNamingAnUnknownInput(t *testing.T) {
	m := demoModel(t)
	pf, err := LoadPolicy("testdata/ppo-demo-5inputs.json")
	if err != nil {
		t.Fatal(err)
	}
	pf.ObsNames = slices.Clone(pf.ObsNames)
	pf.ObsNames[3] = "latency"
	err = pf.Check(m, "", true)
	if err == nil || !strings.Contains(err.Error(), `"latency"`) {
		t.Fatalf("got %v, want an error naming \"latency\"", err)
	}
}
