// Copyright ©2025 The tablerl Authors. All rights reserved.

package nn_test

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/blas/blas64"

	"github.com/tablerl/tablerl/train/nn"
)

// Example fits XOR with a 2→8→1 Tanh network, mean squared error and
// Adam, using full-batch gradient steps.
func Example() {
	rng := rand.New(rand.NewPCG(1, 2))
	net := nn.NewMLP([]int{2, 8, 1}, nn.Tanh, rng, nn.Init{})
	opt := nn.NewAdam(len(net.Params()), nn.AdamConfig{LR: 0.05})

	x := blas64.General{Rows: 4, Cols: 2, Stride: 2, Data: []float64{0, 0, 0, 1, 1, 0, 1, 1}}
	target := []float64{0, 1, 1, 0}
	dy := blas64.General{Rows: 4, Cols: 1, Stride: 1, Data: make([]float64, 4)}

	var loss float64
	for range 500 {
		net.ZeroGrad()
		loss = nn.MSE(dy, net.Forward(x), nil, target)
		net.Backward(blas64.General{}, dy)
		opt.Step(net.Params(), net.Grads())
	}

	y := net.Forward(x)
	for i := range 4 {
		fmt.Printf("%v xor %v = %d\n", x.Data[2*i], x.Data[2*i+1], int(math.Round(y.Data[i])))
	}
	fmt.Println("loss < 1e-3:", loss < 1e-3)

	// Output:
	// 0 xor 0 = 0
	// 0 xor 1 = 1
	// 1 xor 0 = 1
	// 1 xor 1 = 0
	// loss < 1e-3: true
}
