package train

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/tablerl/tablerl/dataset"
	"github.com/tablerl/tablerl/tableenv"
	"github.com/tablerl/tablerl/train/nn"
)

// perRowActions is g's action in every row, one Act each.
func perRowActions(m *tableenv.Model, g Greedy) []int {
	act := make([]int, m.NumRows())
	for r := range act {
		act[r] = g.Act(m.Observation(r))
	}
	return act
}

// greedyReturnPerRow is GreedyReturn as it was before it acted per distinct
// observation and in batches, given perRowActions: the backward induction
// indexed by row. It is the reference the faster path must match bit for bit.
func greedyReturnPerRow(m *tableenv.Model, act []int, startRow int) float64 {
	n, h := m.NumRows(), m.Horizon()
	pen := m.Spec.InvalidPenalty
	v, nv := make([]float64, n), make([]float64, n)
	stateMean := make([]float64, m.NumStates())
	for left := 1; left <= h; left++ {
		for s := range stateMean {
			var sum float64
			rows := m.StateRows(s)
			for _, r := range rows {
				sum += m.Reward(int(r)) + v[r]
			}
			stateMean[s] = sum / float64(len(rows))
		}
		for r := 0; r < n; r++ {
			if t := m.Next(m.StateOf(r), act[r]); t >= 0 {
				nv[r] = stateMean[t]
			} else {
				nv[r] = pen + v[r]
			}
		}
		v, nv = nv, v
	}
	if startRow >= 0 {
		return v[startRow]
	}
	var sum float64
	for _, x := range v {
		sum += x
	}
	return sum / float64(n)
}

// actOnly hides a policy's ActBatch, so GreedyReturn falls back to Act.
type actOnly struct{ g Greedy }

func (a actOnly) Act(obs []float64) int { return a.g.Act(obs) }

// contextTable is a generated CSV with two knobs (re, cpu), a context
// column (region), an observe column (load) that repeats within states and
// has empty cells, and a reward (gain); not every configuration is recorded.
func contextTable() string {
	var b strings.Builder
	b.WriteString("re,cpu,region,load,gain\n")
	for i := 0; i < 240; i++ {
		re, cpu, region := 1+i%4, 100*(1+(i/4)%3), (i/12)%2
		if re == 4 && cpu == 300 && region == 1 {
			continue // a hole in the grid: moving there is invalid
		}
		load := fmt.Sprint((i * 7) % 5 * 10)
		if i%37 == 0 {
			load = ""
		}
		gain := float64(re*cpu)/100 - float64((i*7)%5)*float64(region+1)/float64(re)
		fmt.Fprintf(&b, "%d,%d,%d,%s,%g\n", re, cpu, region, load, gain)
	}
	return b.String()
}

// contextModel indexes contextTable with load observed, or nothing observed.
func contextModel(t *testing.T, observe string) *tableenv.Model {
	t.Helper()
	tbl, err := dataset.Read(strings.NewReader(contextTable()), "context.csv", dataset.LoadOptions{Format: dataset.FormatCSV})
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Release()
	spec, err := dataset.ParseSpec([]byte(`
knobs: [{name: replicas, column: re}, {name: cpu, column: cpu}]
context: [region]
observe: `+observe+`
reward: {column: gain}
invalid_penalty: -3
horizon: 6
`), "context.yaml")
	if err != nil {
		t.Fatal(err)
	}
	m, err := tableenv.NewModel(tbl, spec)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// tiePolicies are network policies whose outputs tie exactly: a PPO policy
// whose actions 1 and 3 share their last-layer weights (favoured by a
// larger bias), a network of zero logits, and a dueling Q-network whose
// advantages of actions 0 and 2 are equal.
func tiePolicies(t *testing.T, m *tableenv.Model, p *PPO, d *DQN) map[string]Greedy {
	t.Helper()
	tie := func(s nn.Snapshot, a, b, head int, boost float64) nn.Snapshot {
		sz := s.Sizes
		in, out := sz[len(sz)-2], sz[len(sz)-1]
		w := s.Params[len(s.Params)-in*out-out:]
		bias := w[in*out:]
		for j := 0; j < in; j++ {
			w[j*out+head+b] = w[j*out+head+a]
		}
		bias[head+a] += boost
		bias[head+b] = bias[head+a]
		return s
	}
	tied, err := NewMLPGreedy(tie(p.PolicySnapshot(), 1, 3, 0, 0.5), m.ObsMean, m.ObsStd)
	if err != nil {
		t.Fatal(err)
	}
	zero := p.PolicySnapshot()
	clear(zero.Params)
	flat, err := NewMLPGreedy(zero, m.ObsMean, m.ObsStd)
	if err != nil {
		t.Fatal(err)
	}
	duel, err := NewDQNGreedy(tie(d.PolicySnapshot(), 0, 2, 1, 0.5), m.ObsMean, m.ObsStd, true)
	if err != nil {
		t.Fatal(err)
	}
	return map[string]Greedy{"ppo-tied": tied, "ppo-zero": flat, "dqn-tied": duel}
}

// tieWinners is the action each tie policy must take in some row: the lower
// of the tied ones (for ppo-zero, in every row).
var tieWinners = map[string]int{"ppo-tied": 1, "ppo-zero": 0, "dqn-tied": 0}

// greedyPolicies are the policies of every kind on m: fresh and briefly
// trained networks, plain and dueling Q-networks, a Q-table, and ties.
func greedyPolicies(t *testing.T, m *tableenv.Model) map[string]Greedy {
	t.Helper()
	p, err := NewPPO(m, DefaultPPOConfig())
	if err != nil {
		t.Fatal(err)
	}
	ps := map[string]Greedy{"ppo-init": p.Greedy()}
	ppoIterateTo(t, p, 1)
	ps["ppo-trained"] = p.Greedy()
	dc := DefaultDQNConfig()
	d, err := NewDQN(m, dc)
	if err != nil {
		t.Fatal(err)
	}
	ps["dqn-dueling"] = d.Greedy()
	dc.Dueling = false
	plain, err := NewDQN(m, dc)
	if err != nil {
		t.Fatal(err)
	}
	ps["dqn-plain"] = plain.Greedy()
	q, err := NewQTable(m, DefaultQTableConfig())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := q.Iterate(); err != nil {
		t.Fatal(err)
	}
	ps["qtable"] = q.Greedy()
	for name, g := range tiePolicies(t, m, p, d) {
		ps[name] = g
	}
	return ps
}

// checkGreedyReturn checks, for every policy on m, that the action of each
// row's distinct observation (batched where the policy can) is the row's
// own Act, and that GreedyReturn, batched or not, equals the per-row
// reference bit for bit, from a drawn row and from row start.
func checkGreedyReturn(t *testing.T, m *tableenv.Model, start int) {
	for name, g := range greedyPolicies(t, m) {
		t.Run(name, func(t *testing.T) {
			act, rowAct := distinctActions(m, g), perRowActions(m, g)
			wins := 0
			for r, want := range rowAct {
				if got := act[m.DistinctObsOf(r)]; got != want {
					t.Fatalf("row %d: action %d, Act gives %d", r, got, want)
				}
				if a, ok := tieWinners[name]; ok && want == a {
					wins++
				}
			}
			if a, ok := tieWinners[name]; ok && (wins == 0 || name == "ppo-zero" && wins != len(rowAct)) {
				t.Errorf("the tie winner %d is the action of %d of %d rows", a, wins, len(rowAct))
			}
			for _, from := range []int{-1, start} {
				want := greedyReturnPerRow(m, rowAct, from)
				for _, h := range []Greedy{g, actOnly{g}} {
					if got := GreedyReturn(m, h, from); math.Float64bits(got) != math.Float64bits(want) {
						t.Errorf("from row %d (%T): return %v, per row %v", from, h, got, want)
					}
				}
			}
		})
	}
}

func TestGreedyReturnMatchesPerRow(t *testing.T) {
	t.Run("demo", func(t *testing.T) { checkGreedyReturn(t, demoModel(t), 7) })
	t.Run("context+load", func(t *testing.T) { checkGreedyReturn(t, contextModel(t, "[load]"), 5) })
	t.Run("context", func(t *testing.T) {
		m := contextModel(t, "[]")
		if m.ObsVaryWithinStates() {
			t.Fatal("observations vary within states without observe columns")
		}
		checkGreedyReturn(t, m, 5)
	})
}

func TestTeaStoreGreedyReturnMatchesPerRow(t *testing.T) {
	checkGreedyReturn(t, teaStoreModel(t), teaStoreStarts[0].start)
}
