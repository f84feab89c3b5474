package train

import (
	"bytes"
	"encoding/gob"
	"errors"
	"fmt"

	"github.com/tablerl/tablerl/train/nn"
)

// dqnMagic identifies a DQN checkpoint and its layout version.
const dqnMagic = "tablerl/dqn/2" // 2: the config embeds BaseConfig

// dqnCheckpoint is the whole state of a DQN learner. Epsilon and the
// learning rate are functions of Steps, so they need no field of their own.
type dqnCheckpoint struct {
	Magic  string
	Config DQNConfig
	Model  modelKey

	Online, Target []float64
	Avg            []float64 // nil without AvgTau
	Adam           nn.AdamState
	Replay         replayState
	Envs           [][]byte // tableenv.Env.MarshalBinary of each environment
	RNG            []byte   // the learner's PCG

	Steps, Updates, Episodes int
	Loss                     float64
	EpReturn                 []float64
	Recent                   [returnWindowLen]float64
	RecentN, RecentNext      int
}

// MarshalBinary saves the learner's whole state: configuration, networks,
// optimizer, replay buffer, environments, random stream and counters.
func (d *DQN) MarshalBinary() ([]byte, error) {
	ck := dqnCheckpoint{
		Magic:  dqnMagic,
		Config: d.Config(),
		Model:  newModelKey(d.m),
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
	if ck.Envs, err = marshalEnvs(d.batch.Envs); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := gob.NewEncoder(&buf)
	if err := enc.Encode(&ck); err != nil {
		return nil, err
	}
	// Under a dynamic spec the observation ring follows, as a value of its
	// own, so that a plain spec's checkpoint is byte for byte as before.
	if d.ring != nil {
		if err := enc.Encode(&ringCheckpoint{Data: d.ring.data, Pos: d.ring.pos, Cur: d.ring.cur}); err != nil {
			return nil, err
		}
	}
	return buf.Bytes(), nil
}

// UnmarshalBinary restores a state saved by MarshalBinary. The learner must
// have been made by NewDQN on the same table; it takes the checkpoint's
// configuration, whatever it was made with. On error the learner is
// unchanged.
func (d *DQN) UnmarshalBinary(data []byte) error {
	var ck dqnCheckpoint
	dec := gob.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&ck); err != nil {
		return fmt.Errorf("train: reading dqn checkpoint: %w", err)
	}
	var ring ringCheckpoint
	if d.m != nil && d.m.Dynamic() {
		if err := dec.Decode(&ring); err != nil {
			return fmt.Errorf("train: reading dqn checkpoint's observation ring: %w", err)
		}
	}
	if ck.Magic != dqnMagic {
		return fmt.Errorf("train: not a dqn checkpoint (%q)", ck.Magic)
	}
	if d.m == nil {
		return errors.New("train: UnmarshalBinary needs a learner made by NewDQN")
	}
	if !ck.Model.equal(newModelKey(d.m)) {
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
	rows := d.m.NumRows()
	if n.ring != nil {
		rows = n.ring.slots()
		if err := n.ring.restore(ring.Data, ring.Pos, ring.Cur); err != nil {
			return err
		}
	}
	if err := n.replay.setState(ck.Replay, rows, d.m.NumActions()); err != nil {
		return err
	}
	if len(ck.EpReturn) != n.batch.Len() {
		return errors.New("train: dqn checkpoint has the wrong number of environments")
	}
	if err := unmarshalEnvs(n.batch.Envs, ck.Envs); err != nil {
		return fmt.Errorf("train: dqn checkpoint: %w", err)
	}
	n.batch.Sync()
	if err := n.src.UnmarshalBinary(ck.RNG); err != nil {
		return err
	}
	if ck.Steps < 0 || ck.Updates < 0 || ck.Episodes < 0 || !n.recent.restore(ck.Recent, ck.RecentN, ck.RecentNext) {
		return errors.New("train: dqn checkpoint has invalid counters")
	}
	n.steps, n.updates, n.episodes, n.loss = ck.Steps, ck.Updates, ck.Episodes, ck.Loss
	copy(n.epReturn, ck.EpReturn)
	*d = *n
	d.bindPair()
	return nil
}

// ringCheckpoint is the observation ring of a dynamic spec's DQN.
type ringCheckpoint struct {
	Data []float64
	Pos  int
	Cur  []int
}
