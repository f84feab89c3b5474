package synth

import (
	"bufio"
	"io"
	"math"
	"math/rand/v2"
)

// Stream ids: each part of the model draws from its own PCG stream of the
// seed, so that changing one part's parameters leaves the others' draws, and
// so their columns, as they were.
const (
	streamAgent uint64 = iota + 1
	streamLoad
	streamService
	streamMissing
)

// Figures of the unused columns (see doc.go).
const (
	goodnessCostWeight = 10000 // tps a unit of cost is worth in goodness
	qValueScale        = 0.1   // Qvalue per unit of reward
)

// Generate writes cfg.Rows rows of a synthetic table in the TeaStore schema
// to w, after a header line. The output is a function of cfg alone: the same
// Config gives the same bytes. An invalid cfg is reported before anything is
// written, wrapping ErrConfig; a write error stops the generation.
func Generate(w io.Writer, cfg Config) error {
	if err := cfg.Validate(); err != nil {
		return err
	}
	stream := func(id uint64) *rand.Rand { return rand.New(rand.NewPCG(cfg.Seed, id)) }
	var (
		g       = newAgent(cfg.Bias, stream(streamAgent))
		offered = newLoad(&cfg, stream(streamLoad), minutesPerDay)
		svc     = &service{cfg: &cfg, rng: stream(streamService)}
		miss    = stream(streamMissing)
	)

	bw := bufio.NewWriterSize(w, 64<<10)
	if _, err := bw.Write(header()); err != nil {
		return err
	}
	var (
		l            line
		prev         = g.at // the first row's actionstate is its own no-op
		prevAction   = noOp
		prevGoodness float64
	)
	for t := range cfg.Rows {
		at := g.at
		m := svc.measure(at, offered.at(t))
		action, next := g.step()

		// The derived columns use the true values: a nan cell is a gap in
		// the log, not in the service.
		goodness := m.out - goodnessCostWeight*m.cost
		reward := 0.0
		if t > 0 {
			reward = goodness - prevGoodness
		}
		inc, out := m.inc, m.out
		if miss.Float64() < cfg.Missing {
			inc = math.NaN()
		}
		if miss.Float64() < cfg.Missing {
			out = math.NaN()
		}

		l.reset()
		l.integer(at.replicas())
		l.integer(at.heapMB())
		l.integer(at.millicores())
		l.float(inc, 3)
		l.float(out, 3)
		l.integer(m.maxSess)
		l.integer(m.currSess)
		l.float(m.cpuUsed, 4)
		l.float(m.ramUsed, 4)
		l.float(m.cost, 4)
		l.float(goodness, 4)
		l.float(reward, 4)
		l.integer(next.replicas())
		l.integer(next.heapMB())
		l.float(float64(next.millicores())/1000, 2)
		l.actionState(prev, prevAction)
		l.float(qValueScale*reward, 4)
		l.end()
		if _, err := bw.Write(l.b); err != nil {
			return err
		}
		prev, prevAction, prevGoodness = at, action, goodness
	}
	return bw.Flush()
}
