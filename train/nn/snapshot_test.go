// Copyright ©2025 The tablerl Authors. All rights reserved.

package nn

import (
	"encoding/json"
	"math/rand/v2"
	"testing"
)

func TestSnapshotJSON(t *testing.T) {
	rng := rand.New(rand.NewPCG(6, 6))
	for _, act := range []Activation{Identity, ReLU, Tanh} {
		m := NewMLP([]int{5, 6, 3}, act, rng, Init{})
		buf, err := json.Marshal(m.Snapshot())
		if err != nil {
			t.Fatal(err)
		}
		var s Snapshot
		if err := json.Unmarshal(buf, &s); err != nil {
			t.Fatal(err)
		}
		r, err := FromSnapshot(s)
		if err != nil {
			t.Fatal(err)
		}
		if r.Activation() != act || !equal(r.Params(), m.Params()) {
			t.Errorf("%v: round trip changed the network", act)
		}
		x := randGeneral(rng, 4, 5, 1)
		if !equal(r.Forward(x).Data, m.Forward(x).Data) {
			t.Errorf("%v: restored network computes a different function", act)
		}
	}

	good := NewMLP([]int{2, 3, 1}, ReLU, rng, Init{}).Snapshot()
	for name, s := range map[string]Snapshot{
		"activation": {Sizes: good.Sizes, Activation: "swish", Params: good.Params},
		"sizes":      {Sizes: []int{2}, Activation: "relu"},
		"zero size":  {Sizes: []int{2, 0, 1}, Activation: "relu"},
		"params":     {Sizes: good.Sizes, Activation: "relu", Params: good.Params[1:]},
	} {
		if _, err := FromSnapshot(s); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
