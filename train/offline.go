package train

import (
	"bytes"
	"encoding/gob"
	"errors"
	"fmt"
	"math"

	"github.com/tablerl/tablerl/tableenv"
)

// LogUser is the Config of an offline algorithm (bc, cql, fqi): it learns
// from a log's transitions only, never stepping the table environment, and
// the caller hands it the log (tableenv.NewLog) before NewLearner.
type LogUser interface {
	SetLog(l *tableenv.Log)
}

// offlineLog checks the log an offline config was handed (kept in an
// unexported field, so that it is never written with the config: a resumed
// run reads the table's log again), which must have been read under m.
func offlineLog(algo string, l *tableenv.Log, m *tableenv.Model) (*tableenv.Log, error) {
	switch {
	case l == nil:
		return nil, fmt.Errorf("train: %s learns from a log: read the table's with tableenv.NewLog (the spec's log: section) and give it to the config's SetLog", algo)
	case l.Model() != m:
		return nil, fmt.Errorf("train: %s: the log was read under another model", algo)
	}
	return l, nil
}

// offlineBase is the default BaseConfig of an offline learner: KeepBest
// off, since choosing among snapshots by their exact return would consult
// the table model the learner is meant not to see.
func offlineBase(steps int) BaseConfig {
	return BaseConfig{BaseSteps: steps, Seed: 1, StartRow: -1}
}

// tabular is the state of the tabular offline learners (bc, fqi): one
// value per (state, action), the greedy policy its argmax, exported and
// loaded as a Q-table.
type tabular struct {
	m     *tableenv.Model
	log   *tableenv.Log
	q     []float64 // NumStates × NumActions
	steps int
	loss  float64
}

func newTabular(m *tableenv.Model, l *tableenv.Log) tabular {
	return tabular{m: m, log: l, q: make([]float64, m.NumStates()*m.NumActions())}
}

// Steps is the number of transitions read.
func (t *tabular) Steps() int { return t.steps }

// SetTotalSteps changes nothing: the tabular offline learners follow no schedule.
func (t *tabular) SetTotalSteps(int) {}

// Greedy is the argmax of the table (ties to the lower action).
func (t *tabular) Greedy() Greedy {
	g, _ := NewTableGreedy(t.m, t.q)
	return g
}

// Policy exports the table as a Q-table policy.
func (t *tabular) Policy() PolicyPayload { return tablePayload(t.m, t.q) }

func (t *tabular) progress() Progress {
	return Progress{Steps: t.steps, Loss: t.loss, MeanReturn: t.log.MeanReturn()}
}

// tabularCheckpoint is a tabular offline learner's whole state.
type tabularCheckpoint struct {
	Magic  string
	Config []byte // the algorithm's config, gob-encoded
	Model  modelKey
	Q      []float64
	Steps  int
}

func (t *tabular) marshal(magic string, cfg any) ([]byte, error) {
	var c bytes.Buffer
	if err := gob.NewEncoder(&c).Encode(cfg); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	err := gob.NewEncoder(&buf).Encode(&tabularCheckpoint{Magic: magic, Config: c.Bytes(), Model: newModelKey(t.m), Q: t.q, Steps: t.steps})
	return buf.Bytes(), err
}

// unmarshal decodes a checkpoint of magic into cfg and restores the table
// and steps into t, checking them against t's model.
func (t *tabular) unmarshal(data []byte, magic string, cfg any) error {
	var ck tabularCheckpoint
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&ck); err != nil {
		return fmt.Errorf("train: reading %s checkpoint: %w", magic, err)
	}
	switch {
	case ck.Magic != magic:
		return fmt.Errorf("train: not a %s checkpoint (%q)", magic, ck.Magic)
	case t.m == nil:
		return errors.New("train: UnmarshalBinary needs a learner made by its constructor")
	case !ck.Model.equal(newModelKey(t.m)):
		return fmt.Errorf("train: the %s checkpoint was trained on another table", magic)
	case len(ck.Q) != len(t.q) || ck.Steps < 0:
		return fmt.Errorf("train: the %s checkpoint has the wrong table size or counters", magic)
	}
	for _, v := range ck.Q {
		if math.IsNaN(v) {
			return fmt.Errorf("train: the %s checkpoint holds NaN", magic)
		}
	}
	if err := gob.NewDecoder(bytes.NewReader(ck.Config)).Decode(cfg); err != nil {
		return fmt.Errorf("train: reading %s checkpoint's config: %w", magic, err)
	}
	copy(t.q, ck.Q)
	t.steps = ck.Steps
	return nil
}
