package synth_test

import (
	"fmt"
	"os"

	"github.com/tablerl/tablerl/dataset/synth"
)

func ExampleGenerate() {
	cfg := synth.DefaultConfig()
	cfg.Rows = 4
	if err := synth.Generate(os.Stdout, cfg); err != nil {
		fmt.Println(err)
	}

	cfg.Rows = 0
	fmt.Println(synth.Generate(os.Stdout, cfg))
	// Output:
	// re heap  cpu  inc_tps  out_tps max_sess curr_sess      cpu      ram     cost   goodness     reward re heap   cpu     actionstate    Qvalue
	//  9  100  800  181.350  171.940        9        56   0.2624   0.2800   0.2151 -1979.0970     0.0000  8  100  0.80     9-100-800-0    0.0000
	//  8  100  800  183.657  180.076        9        62   0.2871   0.2571   0.1991 -1810.5584   168.5386  8  100  0.70     9-100-800-2   16.8539
	//  8  100  700  160.882  156.339        7        47   0.2831   0.2655   0.1630 -1473.5327   337.0257  8  100  0.80     8-100-800-4   33.7026
	//  8  100  800  173.003  168.602        9        47   0.3003   0.3052   0.1745 -1576.5919  -103.0592  7  100  0.80     8-100-700-3  -10.3059
	// synth: invalid config: Rows = 0, want at least 1
}

func ExampleGenerateSweep() {
	cfg := synth.DefaultSweepConfig()
	cfg.Name, cfg.Grid, cfg.Loads, cfg.Coverage = "tiny", []int{3}, 2, 0.5
	cfg.RowsMin, cfg.RowsMax, cfg.Horizon, cfg.InvalidPenalty = 2, 2, 20, -1
	if err := synth.GenerateSweep(os.Stdout, cfg); err != nil {
		fmt.Println(err)
	}
	fmt.Printf("%s", synth.SweepSpec(cfg))

	cfg.Grid = []int{9, 9, 9, 9}
	fmt.Println(synth.GenerateSweep(os.Stdout, cfg))
	// Output:
	// replicas,expected_tps,inc_tps,out_tps,cpu_used,ram_used,cost,reward
	// 1,100,92.307,88.348,0.1058,0.5302,0.02256,0.622888
	// 1,100,89.998,87.297,0.0954,0.5048,0.02260,0.635173
	// 2,100,103.869,102.241,0.0569,0.4769,0.04661,0.293808
	// 2,100,99.037,98.990,0.0665,0.4993,0.04556,0.324562
	// 1,1500,1363.800,872.955,1.0000,0.6516,0.02247,0.307201
	// 1,1500,1479.436,925.386,0.9731,0.6440,0.02205,0.298833
	// # Spec of a configuration-sweep table: grid 3, 2 load levels, 0.5 coverage, seed 1.
	// name: tiny
	// knobs:
	//   - {name: replicas, column: replicas}
	// observe: [cpu_used, ram_used]
	// context: [expected_tps]
	// metrics: [inc_tps, out_tps, cpu_used, ram_used, cost]
	// reward: {column: reward}
	// invalid_penalty: -1
	// horizon: 20
	// start: random
	// synth: invalid config: Grid = 9x9x9x9, want 1 to 3 knobs
}
