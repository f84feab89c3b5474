package train

import (
	"fmt"
	"slices"

	"github.com/tablerl/tablerl/tableenv"
)

// modelKey identifies the table a checkpoint was trained on, closely enough
// to refuse resuming on another: its shape and observation statistics.
type modelKey struct {
	Rows, States, Actions int
	ObsMean, ObsStd       []float64
}

func newModelKey(m *tableenv.Model) modelKey {
	return modelKey{Rows: m.NumRows(), States: m.NumStates(), Actions: m.NumActions(), ObsMean: m.ObsMean, ObsStd: m.ObsStd}
}

func (k modelKey) equal(o modelKey) bool {
	return k.Rows == o.Rows && k.States == o.States && k.Actions == o.Actions &&
		slices.Equal(k.ObsMean, o.ObsMean) && slices.Equal(k.ObsStd, o.ObsStd)
}

// marshalEnvs saves each environment's state (row, steps, random stream).
func marshalEnvs(envs []*tableenv.Env) ([][]byte, error) {
	out := make([][]byte, 0, len(envs))
	for _, e := range envs {
		b, err := e.MarshalBinary()
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, nil
}

// unmarshalEnvs restores the environments saved by marshalEnvs, one for one.
func unmarshalEnvs(envs []*tableenv.Env, saved [][]byte) error {
	if len(saved) != len(envs) {
		return fmt.Errorf("the checkpoint has %d environments, the configuration %d", len(saved), len(envs))
	}
	for i, e := range envs {
		if err := e.UnmarshalBinary(saved[i]); err != nil {
			return fmt.Errorf("environment %d: %w", i, err)
		}
	}
	return nil
}
