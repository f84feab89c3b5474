package train_test

import (
	"fmt"

	"github.com/tablerl/tablerl/train"
)

// DQN's default widths on tables of TeaStore's 729 states, the suite's
// largest (5,832) and beyond the cap.
func ExampleSizedWidths() {
	base := train.DefaultDQNConfig().BaseHidden
	for _, states := range []int{729, 1715, 5832, 100_000} {
		fmt.Println(states, train.SizedWidths(base, states))
	}
	// Output:
	// 729 [64 64]
	// 1715 [80 80]
	// 5832 [96 96]
	// 100000 [128 128]
}
