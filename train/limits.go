package train

import (
	"fmt"

	"github.com/tablerl/tablerl/dataset/limits"
)

// checkNetwork refuses a network of layer widths sizes (input, hidden...,
// output) with more weights than the network_params limit, before any is
// allocated: --hidden 100000,100000 would ask for 80 GB. key names the
// parameter that sets the widths.
func checkNetwork(algo, key string, sizes []int) error {
	var n int64
	for l := 0; l+1 < len(sizes); l++ {
		n = addSize(n, limits.Mul(int64(sizes[l])+1, int64(sizes[l+1])))
	}
	if err := limits.Check("network_params", fmt.Sprintf("the network's weights (layers %v)", sizes), n, limits.Current().NetworkParams); err != nil {
		return paramError(algo, key, err.Error())
	}
	return nil
}

// checkRollout refuses a count of samples held at once (a rollout, a
// replay buffer, a minibatch) over the rollout limit; what says how the
// count comes from the parameters, key names the parameter to blame.
func checkRollout(algo, key, what string, n int64) error {
	if err := limits.Check("rollout", what, n, limits.Current().Rollout); err != nil {
		return paramError(algo, key, err.Error())
	}
	return nil
}

// addSize adds sizes without wrapping around.
func addSize(a, b int64) int64 {
	if a > 1<<62 || b > 1<<62 {
		return 1<<63 - 1
	}
	return a + b
}
