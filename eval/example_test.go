package eval_test

import (
	"bytes"
	"fmt"

	"github.com/tablerl/tablerl/data"
	"github.com/tablerl/tablerl/dataset"
	"github.com/tablerl/tablerl/eval"
	"github.com/tablerl/tablerl/tableenv"
)

// Paired t-test on Student's sleep data: the same ten patients under two drugs.
func ExamplePaired() {
	drug1 := []float64{0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0}
	drug2 := []float64{1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4}
	r := eval.Paired(drug1, drug2)
	fmt.Printf("mean difference %.2f, t = %.4f, df = %.0f, p = %.6f\n", r.MeanDiff, r.T, r.DF, r.P)
	// Output: mean difference -1.58, t = -4.0621, df = 9, p = 0.002833
}

// Compare the baselines with the optimum on the embedded demo table.
func ExampleCompare() {
	tbl, err := dataset.Read(bytes.NewReader(data.Demo), data.DemoName, dataset.LoadOptions{})
	if err != nil {
		panic(err)
	}
	defer tbl.Release()
	m, err := tableenv.NewModel(tbl, dataset.TeaStoreSpec())
	if err != nil {
		panic(err)
	}
	sol := tableenv.Solve(m)
	src := eval.Source{Model: m, Table: tbl, Solution: sol}
	var ps []eval.Policy
	for _, arg := range []string{"random", "threshold:high=0.8,low=0.4", "target", "optimal"} {
		p, err := eval.NewPolicy(arg, src)
		if err != nil {
			panic(err)
		}
		ps = append(ps, p)
	}
	c := eval.Compare(m, sol, ps, eval.RunConfig{Episodes: 500, Seed: 1, StartRow: -1}, nil)
	for _, p := range c.Policies {
		fmt.Printf("%-26s normalized score %5.1f\n", p.Name, p.NormalizedScore)
	}
	// Output:
	// random                     normalized score   1.1
	// threshold:high=0.8,low=0.4 normalized score  66.7
	// target                     normalized score  61.8
	// optimal                    normalized score 100.1
}
