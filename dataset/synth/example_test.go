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
