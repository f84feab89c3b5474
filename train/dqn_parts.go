package train

// dqnParts is how DQN's update splits its work in two (see update): part p
// takes the minibatch rows [rows[p], rows[p+1]) through the networks, and
// the parameters [params[p], params[p+1]) through the optimizer step. It
// depends on the batch size and the network only, never on the machine.
type dqnParts struct {
	rows, params [3]int
}

// newDQNParts splits a minibatch of batch rows and a network of n
// parameters. The rows are halved, the helper's part taking the odd row:
// the caller's also has the serial work between the jobs. The parameters
// are halved at a multiple of 8, a cache line of float64s, so that the
// two cores do not write the same line.
func newDQNParts(batch, n int) dqnParts {
	return dqnParts{
		rows:   [3]int{0, batch / 2, batch},
		params: [3]int{0, (n / 2) &^ 7, n},
	}
}

// addSquares adds h into g and returns the sum of squares of the result,
// taken in four interleaved sums (in a fixed order, so the same on every
// machine) to hide the adder's latency.
func addSquares(g, h []float64) float64 {
	h = h[:len(g)]
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(g); i += 4 {
		a, b, c, e := g[i]+h[i], g[i+1]+h[i+1], g[i+2]+h[i+2], g[i+3]+h[i+3]
		g[i], g[i+1], g[i+2], g[i+3] = a, b, c, e
		s0 += a * a
		s1 += b * b
		s2 += c * c
		s3 += e * e
	}
	for ; i < len(g); i++ {
		a := g[i] + h[i]
		g[i] = a
		s0 += a * a
	}
	return (s0 + s1) + (s2 + s3)
}
