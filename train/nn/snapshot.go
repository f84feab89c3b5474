// Copyright ©2025 The tablerl Authors. All rights reserved.

package nn

import "fmt"

// Snapshot is a self-describing copy of an MLP's architecture and
// parameters, suitable for encoding/json or encoding/gob. JSON cannot
// represent NaN or ±Inf, so a diverged network does not marshal.
type Snapshot struct {
	Sizes      []int
	Activation string
	Params     []float64
}

// Snapshot returns a copy of the architecture and parameters of m.
func (m *MLP) Snapshot() Snapshot {
	return Snapshot{
		Sizes:      m.Sizes(),
		Activation: m.act.String(),
		Params:     append([]float64(nil), m.params...),
	}
}

// FromSnapshot returns a new MLP restored from s.
func FromSnapshot(s Snapshot) (*MLP, error) {
	act, err := ParseActivation(s.Activation)
	if err != nil {
		return nil, err
	}
	if len(s.Sizes) < 2 {
		return nil, fmt.Errorf("nn: snapshot has %d layer sizes, need at least 2", len(s.Sizes))
	}
	n := 0
	for l, w := range s.Sizes {
		if w <= 0 {
			return nil, fmt.Errorf("nn: snapshot has non-positive layer size %d", w)
		}
		if l > 0 {
			// A layer the parameters cannot hold, checked before the
			// product can wrap around to a size that matches them.
			if s.Sizes[l-1] > len(s.Params)/w || n+s.Sizes[l-1]*w+w > len(s.Params) {
				return nil, fmt.Errorf("nn: snapshot has %d parameters, architecture %v needs more", len(s.Params), s.Sizes)
			}
			n += s.Sizes[l-1]*w + w
		}
	}
	if len(s.Params) != n {
		return nil, fmt.Errorf("nn: snapshot has %d parameters, architecture %v needs %d", len(s.Params), s.Sizes, n)
	}
	m := newMLP(s.Sizes, act)
	copy(m.params, s.Params)
	return m, nil
}
