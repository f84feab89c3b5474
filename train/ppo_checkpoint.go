package train

import (
	"bytes"
	"encoding/gob"
	"errors"
	"fmt"

	"github.com/tablerl/tablerl/train/nn"
)

// ppoCheckpointVersion numbers the layout of ppoCheckpoint (2: the config
// embeds BaseConfig).
const ppoCheckpointVersion = 2

// ppoCheckpoint is everything a PPO learner's future depends on. The
// The rollout buffers are not in it: each iteration refills them before use.
type ppoCheckpoint struct {
	Version int
	Config  PPOConfig

	// The Model's shape and normalization, to refuse another table.
	Rows, States, ObsDim, Actions int
	ObsMean, ObsStd               []float64

	Policy, Value         []float64
	PolicyAdam, ValueAdam nn.AdamState
	Envs                  [][]byte
	RNG                   []byte

	Steps, Episodes, Iters int
	EpisodeReturns         []float64
	Recent                 []float64
	RecentNext             int
	Stats                  PPOUpdateStats
	// Visits are the count bonus's state counts (absent without one).
	Visits []uint32
}

// MarshalBinary encodes the learner's whole state: configuration, network
// parameters, optimizer moments, environments, random stream and counters.
// A learner restored from it by UnmarshalBinary continues bit for bit as
// this one would.
func (p *PPO) MarshalBinary() ([]byte, error) {
	rng, err := p.src.MarshalBinary()
	if err != nil {
		return nil, err
	}
	ck := ppoCheckpoint{
		Version: ppoCheckpointVersion,
		Config:  p.Config(),
		Rows:    p.m.NumRows(), States: p.m.NumStates(), ObsDim: p.m.ObsDim(), Actions: p.m.NumActions(),
		ObsMean: p.m.ObsMean, ObsStd: p.m.ObsStd,
		Policy: p.pi.Params(), Value: p.vf.Params(),
		PolicyAdam: p.piOpt.State(), ValueAdam: p.vfOpt.State(),
		RNG:   rng,
		Steps: p.steps, Episodes: p.episodes, Iters: p.iters,
		EpisodeReturns: p.epRet,
		Recent:         p.recent.ret[:p.recent.n], RecentNext: p.recent.next,
		Stats:  p.stats,
		Visits: p.ro.bonus.counts(),
	}
	if ck.Envs, err = marshalEnvs(p.batch.Envs); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(&ck); err != nil {
		return nil, fmt.Errorf("ppo: encoding checkpoint: %w", err)
	}
	return buf.Bytes(), nil
}

// UnmarshalBinary restores a state saved by MarshalBinary. The receiver
// must come from NewPPO on the same Model (the table is not saved, only
// checked); its configuration is replaced by the checkpoint's, so the
// config passed to NewPPO does not matter. On error the receiver is
// unchanged.
func (p *PPO) UnmarshalBinary(data []byte) error {
	if p.m == nil {
		return errors.New("ppo: UnmarshalBinary needs a learner made by NewPPO")
	}
	var ck ppoCheckpoint
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&ck); err != nil {
		return fmt.Errorf("ppo: decoding checkpoint: %w", err)
	}
	if ck.Version != ppoCheckpointVersion {
		return fmt.Errorf("ppo: checkpoint version %d, want %d", ck.Version, ppoCheckpointVersion)
	}
	m := p.m
	saved := modelKey{Rows: ck.Rows, States: ck.States, Actions: ck.Actions, ObsMean: ck.ObsMean, ObsStd: ck.ObsStd}
	if ck.ObsDim != m.ObsDim() || !saved.equal(newModelKey(m)) {
		return fmt.Errorf("ppo: the checkpoint is of another table (%d rows, %d states, %d observations, %d actions)",
			ck.Rows, ck.States, ck.ObsDim, ck.Actions)
	}
	// Build the learner afresh from the saved configuration, then overwrite
	// its state, so that nothing of the receiver's survives.
	q, err := NewPPO(m, ck.Config)
	if err != nil {
		return fmt.Errorf("ppo: checkpoint: %w", err)
	}
	if len(ck.Policy) != len(q.pi.Params()) || len(ck.Value) != len(q.vf.Params()) ||
		len(ck.EpisodeReturns) != q.cfg.NumEnvs {
		return errors.New("ppo: checkpoint is inconsistent with its configuration")
	}
	copy(q.pi.Params(), ck.Policy)
	copy(q.vf.Params(), ck.Value)
	if err := q.piOpt.SetState(ck.PolicyAdam); err != nil {
		return fmt.Errorf("ppo: checkpoint: %w", err)
	}
	if err := q.vfOpt.SetState(ck.ValueAdam); err != nil {
		return fmt.Errorf("ppo: checkpoint: %w", err)
	}
	if err := unmarshalEnvs(q.batch.Envs, ck.Envs); err != nil {
		return fmt.Errorf("ppo: checkpoint: %w", err)
	}
	q.batch.Sync()
	if err := q.src.UnmarshalBinary(ck.RNG); err != nil {
		return fmt.Errorf("ppo: checkpoint: random stream: %w", err)
	}
	if ck.Steps < 0 || ck.Episodes < 0 || ck.Iters < 0 {
		return errors.New("ppo: checkpoint has negative counters")
	}
	q.steps, q.episodes, q.iters = ck.Steps, ck.Episodes, ck.Iters
	copy(q.epRet, ck.EpisodeReturns)
	// The ring's stored part is saved; until it is full the next return
	// goes after the last.
	var ring [returnWindowLen]float64
	n, next := copy(ring[:], ck.Recent), ck.RecentNext
	if n < len(ring) {
		next = n
	}
	if len(ck.Recent) > len(ring) || !q.recent.restore(ring, n, next) {
		return errors.New("ppo: checkpoint's recent returns are inconsistent")
	}
	q.stats = ck.Stats
	if err := q.ro.bonus.restore(ck.Visits); err != nil {
		return fmt.Errorf("ppo: checkpoint: %w", err)
	}
	*p = *q
	return nil
}
