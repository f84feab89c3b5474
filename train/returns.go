package train

// returnWindowLen is how many recent episode returns Progress averages.
const returnWindowLen = 100

// returnWindow keeps the returns of the most recent episodes, in a ring.
type returnWindow struct {
	ret  [returnWindowLen]float64
	n    int // number stored, ≤ len(ret)
	next int // where the next one goes
}

func (w *returnWindow) add(r float64) {
	w.ret[w.next] = r
	w.next = (w.next + 1) % len(w.ret)
	w.n = min(w.n+1, len(w.ret))
}

// mean is the mean of the stored returns, 0 before the first episode ends.
func (w *returnWindow) mean() float64 {
	if w.n == 0 {
		return 0
	}
	var s float64
	for _, r := range w.ret[:w.n] {
		s += r
	}
	return s / float64(w.n)
}

// restore sets the window from a checkpoint's ring, count and position,
// checking they are consistent.
func (w *returnWindow) restore(ret [returnWindowLen]float64, n, next int) bool {
	if n < 0 || n > len(ret) || next < 0 || next >= len(ret) || (n < len(ret) && next != n) {
		return false
	}
	*w = returnWindow{ret: ret, n: n, next: next}
	return true
}
