package train

import (
	"bytes"
	"encoding/gob"
	"errors"
	"fmt"
	"slices"

	"github.com/tablerl/tablerl/train/nn"
)

// dqnMagic identifies a DQN checkpoint and its layout version.
const dqnMagic = "tablerl/dqn/1"

// dqnCheckpoint is the whole state of a DQN learner. Epsilon and the
// learning rate are functions of Steps, so they need no field of their own.
type dqnCheckpoint struct {
	Magic  string
	Config DQNConfig
	Model  dqnModelKey

	Online, Target []float64
	Avg            []float64 // nil without AvgTau
	Adam           nn.AdamState
	Replay         replayState
	Envs           [][]byte // tableenv.Env.MarshalBinary of each environment
	RNG            []byte   // the learner's PCG

	Steps, Updates, Episodes int
	Loss                     float64
	EpReturn                 []float64
	Recent                   [100]float64
	RecentN, RecentNext      int
}

// dqnModelKey identifies the table a checkpoint was trained on, closely
// enough to refuse resuming on another: its shape and observation
// statistics.
type dqnModelKey struct {
	Rows, States, Actions int
	ObsMean, ObsStd       []float64
}

func (d *DQN) modelKey() dqnModelKey {
	m := d.m
	return dqnModelKey{Rows: m.NumRows(), States: m.NumStates(), Actions: m.NumActions(), ObsMean: m.ObsMean, ObsStd: m.ObsStd}
}

func (k dqnModelKey) equal(o dqnModelKey) bool {
	return k.Rows == o.Rows && k.States == o.States && k.Actions == o.Actions &&
		slices.Equal(k.ObsMean, o.ObsMean) && slices.Equal(k.ObsStd, o.ObsStd)
}

// MarshalBinary saves the learner's whole state: configuration, networks,
// optimizer, replay buffer, environments, random stream and counters.
func (d *DQN) MarshalBinary() ([]byte, error) {
	ck := dqnCheckpoint{
		Magic:  dqnMagic,
		Config: d.Config(),
		Model:  d.modelKey(),
		Online: d.online.Params(), Target: d.target.Params(),
		Adam:     d.opt.State(),
		Replay:   d.replay.state(),
		Steps:    d.steps,
		Updates:  d.updates,
		Episodes: d.episodes,
		Loss:     d.loss,
		EpReturn: d.epReturn,
		Recent:   d.recent.ret, RecentN: d.recent.n, RecentNext: d.recent.next,
	}
	if d.avg != nil {
		ck.Avg = d.avg.Params()
	}
	var err error
	if ck.RNG, err = d.src.MarshalBinary(); err != nil {
		return nil, err
	}
	for _, e := range d.envs {
		b, err := e.MarshalBinary()
		if err != nil {
			return nil, err
		}
		ck.Envs = append(ck.Envs, b)
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(&ck); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// UnmarshalBinary restores a state saved by MarshalBinary. The learner must
// have been made by NewDQN on the same table; it takes the checkpoint's
// configuration, whatever it was made with. On error the learner is
// unchanged.
func (d *DQN) UnmarshalBinary(data []byte) error {
	var ck dqnCheckpoint
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&ck); err != nil {
		return fmt.Errorf("train: reading dqn checkpoint: %w", err)
	}
	if ck.Magic != dqnMagic {
		return fmt.Errorf("train: not a dqn checkpoint (%q)", ck.Magic)
	}
	if d.m == nil {
		return errors.New("train: UnmarshalBinary needs a learner made by NewDQN")
	}
	if !ck.Model.equal(d.modelKey()) {
		return errors.New("train: the dqn checkpoint was trained on another table")
	}
	n, err := NewDQN(d.m, ck.Config)
	if err != nil {
		return err
	}
	if len(ck.Online) != len(n.online.Params()) || len(ck.Target) != len(n.target.Params()) {
		return errors.New("train: dqn checkpoint networks do not match its configuration")
	}
	if (n.avg == nil) != (ck.Avg == nil) || (n.avg != nil && len(ck.Avg) != len(n.avg.Params())) {
		return errors.New("train: dqn checkpoint's averaged network does not match its configuration")
	}
	if n.avg != nil {
		copy(n.avg.Params(), ck.Avg)
	}
	copy(n.online.Params(), ck.Online)
	copy(n.target.Params(), ck.Target)
	if err := n.opt.SetState(ck.Adam); err != nil {
		return err
	}
	if err := n.replay.setState(ck.Replay, d.m.NumRows(), d.m.NumActions()); err != nil {
		return err
	}
	if len(ck.Envs) != len(n.envs) || len(ck.EpReturn) != len(n.envs) {
		return errors.New("train: dqn checkpoint has the wrong number of environments")
	}
	for i, e := range n.envs {
		if err := e.UnmarshalBinary(ck.Envs[i]); err != nil {
			return err
		}
	}
	if err := n.src.UnmarshalBinary(ck.RNG); err != nil {
		return err
	}
	if ck.Steps < 0 || ck.Updates < 0 || ck.Episodes < 0 || ck.RecentN < 0 || ck.RecentN > len(ck.Recent) ||
		ck.RecentNext < 0 || ck.RecentNext >= len(ck.Recent) {
		return errors.New("train: dqn checkpoint has invalid counters")
	}
	n.steps, n.updates, n.episodes, n.loss = ck.Steps, ck.Updates, ck.Episodes, ck.Loss
	copy(n.epReturn, ck.EpReturn)
	n.recent = dqnReturns{ret: ck.Recent, n: ck.RecentN, next: ck.RecentNext}
	*d = *n
	return nil
}
