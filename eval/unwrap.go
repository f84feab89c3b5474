package eval

// Unwrap returns the policy a LABEL= argument renamed, or p itself: for
// callers that treat kinds of policy differently (off-policy evaluation
// asks a Random for its probabilities rather than its draws).
func Unwrap(p Policy) Policy {
	if l, ok := p.(*labelled); ok {
		return l.LivePolicy
	}
	return p
}
