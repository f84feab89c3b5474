package train

// selectedInputs is a greedy policy that takes some of an observation's
// values, in its own order: a policy trained on an observation laid out
// differently, acting on today's. It keeps a buffer and is not safe for
// concurrent use, like the policies it wraps.
type selectedInputs struct {
	g   Greedy
	idx []int // idx[i] is where the policy's input i stands in the observation
	dim int   // the observation's width
	buf []float64
}

func newSelectedInputs(g Greedy, idx []int, dim int) *selectedInputs {
	return &selectedInputs{g: g, idx: idx, dim: dim}
}

var _ BatchGreedy = (*selectedInputs)(nil)

// Act picks the policy's inputs out of obs and acts on them.
func (s *selectedInputs) Act(obs []float64) int {
	s.buf = s.gather(s.buf[:0], obs)
	return s.g.Act(s.buf)
}

// ActBatch picks the inputs of every observation of obs and acts on them
// in one pass when the wrapped policy can.
func (s *selectedInputs) ActBatch(obs []float64, dst []int) {
	s.buf = s.buf[:0]
	for i := range dst {
		s.buf = s.gather(s.buf, obs[i*s.dim:(i+1)*s.dim])
	}
	if b, ok := s.g.(BatchGreedy); ok {
		b.ActBatch(s.buf, dst)
		return
	}
	w := len(s.idx)
	for i := range dst {
		dst[i] = s.g.Act(s.buf[i*w : (i+1)*w])
	}
}

func (s *selectedInputs) gather(dst, obs []float64) []float64 {
	for _, j := range s.idx {
		dst = append(dst, obs[j])
	}
	return dst
}
