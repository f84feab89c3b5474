package train

import (
	"bytes"
	"encoding/gob"
	"errors"
	"fmt"
	"math"
)

// qtableMagic identifies a Q-table checkpoint and its layout version.
const qtableMagic = "tablerl/qtable/2" // 2: the config embeds BaseConfig

// qtableCheckpoint is the whole state of a QTable learner; epsilon and
// alpha are functions of Steps.
type qtableCheckpoint struct {
	Magic  string
	Config QTableConfig
	Model  modelKey
	Q      []float64
	Env    []byte
	RNG    []byte

	Steps, Episodes     int
	Recent              [returnWindowLen]float64
	RecentN, RecentNext int
}

// MarshalBinary saves the learner's whole state.
func (q *QTable) MarshalBinary() ([]byte, error) {
	ck := qtableCheckpoint{
		Magic: qtableMagic, Config: q.cfg, Model: newModelKey(q.m),
		Q: q.q, Steps: q.steps, Episodes: q.episodes,
		Recent: q.recent.ret, RecentN: q.recent.n, RecentNext: q.recent.next,
	}
	var err error
	if ck.Env, err = q.env.MarshalBinary(); err != nil {
		return nil, err
	}
	if ck.RNG, err = q.src.MarshalBinary(); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(&ck); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// UnmarshalBinary restores a state saved by MarshalBinary. The learner must
// have been made by NewQTable on the same table; it takes the checkpoint's
// configuration. On error the learner is unchanged.
func (q *QTable) UnmarshalBinary(data []byte) error {
	var ck qtableCheckpoint
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&ck); err != nil {
		return fmt.Errorf("train: reading qtable checkpoint: %w", err)
	}
	if ck.Magic != qtableMagic {
		return fmt.Errorf("train: not a qtable checkpoint (%q)", ck.Magic)
	}
	if q.m == nil {
		return errors.New("train: UnmarshalBinary needs a learner made by NewQTable")
	}
	if !ck.Model.equal(newModelKey(q.m)) {
		return errors.New("train: the qtable checkpoint was trained on another table")
	}
	n, err := NewQTable(q.m, ck.Config)
	if err != nil {
		return err
	}
	if len(ck.Q) != len(n.q) {
		return errors.New("train: qtable checkpoint has the wrong table size")
	}
	for _, v := range ck.Q {
		if math.IsNaN(v) {
			return errors.New("train: qtable checkpoint holds NaN")
		}
	}
	copy(n.q, ck.Q)
	if err := n.env.UnmarshalBinary(ck.Env); err != nil {
		return err
	}
	if err := n.src.UnmarshalBinary(ck.RNG); err != nil {
		return err
	}
	if ck.Steps < 0 || ck.Episodes < 0 || !n.recent.restore(ck.Recent, ck.RecentN, ck.RecentNext) {
		return errors.New("train: qtable checkpoint has invalid counters")
	}
	n.steps, n.episodes = ck.Steps, ck.Episodes
	*q = *n
	return nil
}
