package tableenv_test

import (
	"fmt"

	"github.com/tablerl/tablerl/dataset"
	"github.com/tablerl/tablerl/tableenv"
)

// A table of one knob recorded at three levels, whose reward is best at the
// top: from the bottom the optimal policy climbs in two moves (earning 0,
// then 1) and stays, earning 1 a step: 3 over the 4-step horizon.
func Example() {
	t, err := dataset.FromColumns("tiny", []string{"replicas", "reward", "load"}, [][]float64{
		{1, 2, 3},
		{0, 0, 1},
		{0.5, 0.4, 0.3},
	}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer t.Release()
	spec, err := dataset.ParseSpec([]byte(`name: tiny
knobs: [{name: replicas, column: replicas}]
observe: [load]
reward: {column: reward}
invalid_penalty: -1
horizon: 4
start: {row: 0}
`), "tiny.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	m, err := tableenv.NewModel(t, spec)
	if err != nil {
		fmt.Println(err)
		return
	}
	sol := tableenv.Solve(m)
	opt, rnd := sol.OptimalReturn(0), sol.RandomReturn(0)
	fmt.Printf("optimal return %.2f, random %.2f, random's normalized score %.0f\n",
		opt, rnd, tableenv.NormalizedScore(rnd, rnd, opt))
	// Output: optimal return 3.00, random -0.57, random's normalized score 0
}
