package train

import (
	"fmt"
	"math/rand/v2"

	"gonum.org/v1/gonum/blas/blas64"

	"github.com/tablerl/tablerl/tableenv"
	"github.com/tablerl/tablerl/train/nn"
)

// DQN is deep Q-learning (Mnih et al. 2015) on a tableenv.Model, with the
// double and dueling refinements, experience replay, a target network,
// Huber loss and Adam. It implements Learner; Iterate runs a block of
// training rounds, each TrainFreq vector steps of NumEnvs environments and
// then GradientSteps minibatch updates.
//
// Episodes are truncated at the horizon, never terminated, so every
// transition bootstraps from the next state, the last of an episode
// included: the horizon is a property of the evaluation, not of the
// configuration the service is in.
//
// The environments are a tableenv.Batch, their greedy actions chosen by one
// forward pass per vector step; the networks use nn's fused multiply-add
// kernels (MLP.SetFMA), as does the greedy policy rebuilt from an export.
// Each minibatch update is split in two fixed parts run on two cores when
// that is faster (see update), with the same result on one.
//
// Training is deterministic given the configuration and its Seed, and
// MarshalBinary saves everything that determines its future, so a run
// resumed between Iterate calls ends with bit-identical weights.
type DQN struct {
	m   *tableenv.Model
	cfg DQNConfig
	// obs holds the normalized observation of every table row, NumRows ×
	// ObsDim: the replay stores rows, and a minibatch gathers them from here.
	obs  []float64
	ring *obsRing // under a dynamic spec: the observations the replay's slots name (obs aliases it)
	dim  int      // observation width
	nAct int      // number of actions

	// cqlAlpha, when positive, adds CQL's conservative term to the loss
	// (CQL, which trains this network from a log).
	cqlAlpha float64

	online, target *nn.MLP
	avg            *nn.MLP // Polyak average of online for the greedy policy, or nil
	opt            *nn.Adam

	// The update's two parts (see update): par runs them, on and tg are
	// each part's shares of online and target (on[0] is online, whose
	// gradient becomes the sum; tg[0] is target), parts their minibatch
	// rows and parameters.
	par    *pair
	phase  dqnPhase
	on, tg [2]*nn.MLP
	parts  dqnParts
	// The parts' results and the step's settings, for the next phase.
	partLoss, partSquares [2]float64
	scale                 float64 // clipping factor of the gradient
	hardCopy              bool    // the step copies online into target
	replay                *replayBuffer
	batch                 *tableenv.Batch

	src *rand.PCG  // the learner's random stream: ε-greedy and minibatches
	rng *rand.Rand // reads src

	steps    int // environment steps taken
	updates  int // minibatch updates done
	episodes int // episodes finished
	loss     float64
	epReturn []float64 // running return of each environment's episode
	recent   returnWindow

	// Scratch, sized once so that Iterate does not allocate.
	actX    blas64.General // NumEnvs × dim: the environments' observations
	greedy  []bool
	acts    []int
	prev    []int          // the environments' rows before a step
	rewards []float64      // a step's rewards
	ended   []bool         // whether a step ended an environment's episode
	x, xn   blas64.General // BatchSize × dim: minibatch observations and next observations
	q       blas64.General // BatchSize × nAct: combined dueling Q-values
	dq      blas64.General // BatchSize × nAct: ∂L/∂Q
	dout    blas64.General // BatchSize × (nAct+1): ∂L/∂output of a dueling network
	idx     []int
	actions []int
	best    []int
	y       []float64
}

// NewDQN returns a DQN learner on m, its networks initialized and its
// environments reset.
func NewDQN(m *tableenv.Model, cfg DQNConfig) (*DQN, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if err := cfg.checkModel("dqn", m); err != nil {
		return nil, err
	}
	if m.NumActions() > 256 {
		return nil, fmt.Errorf("train: dqn supports at most 256 actions, the spec has %d", m.NumActions())
	}
	cfg.Hidden = append([]int(nil), cfg.Hidden...)
	cfg.sizeFrom(m)
	if err := checkNetwork("dqn", "hidden", dqnSizes(m.ObsDim(), m.NumActions(), cfg)); err != nil {
		return nil, err
	}
	d := &DQN{m: m, cfg: cfg, nAct: m.NumActions()}
	d.dim = m.ObsDim()
	if m.Dynamic() {
		ring, err := newObsRing(m, cfg)
		if err != nil {
			return nil, err
		}
		d.ring, d.obs = ring, ring.data
	} else {
		d.obs = make([]float64, m.NumRows()*d.dim)
		z := newDivNormalizer(m.ObsMean, m.ObsStd)
		for r := 0; r < m.NumRows(); r++ {
			z.apply(d.obs[r*d.dim:(r+1)*d.dim], m.Observation(r))
		}
	}

	// Separate streams for weights, environments and the learner, so that
	// changing, say, NumEnvs does not change the initial weights.
	init := rand.New(rand.NewPCG(cfg.Seed, 0x6471_6e2d_696e_6974)) // "dqn-init"
	d.online = nn.NewMLP(dqnSizes(d.dim, d.nAct, cfg), nn.ReLU, init, nn.Init{})
	d.online.SetFMA(true) // its clones too
	d.target = d.online.Clone()
	if cfg.AvgTau > 0 {
		d.avg = d.online.Clone()
	}
	d.opt = nn.NewAdam(len(d.online.Params()), nn.AdamConfig{LR: cfg.LR})
	d.replay = newReplayBuffer(cfg.BufferSize)
	d.src = rand.NewPCG(cfg.Seed, 0x6471_6e2d_6c72_6e72) // "dqn-lrnr"
	d.rng = rand.New(d.src)

	seeds := rand.New(rand.NewPCG(cfg.Seed, 0x6471_6e2d_656e_7673)) // "dqn-envs"
	d.batch = tableenv.NewBatch(m, cfg.NumEnvs, seeds.Uint64())
	cfg.prepareEnvs(m, d.batch.Envs...)
	d.batch.Reset()
	if d.ring != nil {
		d.ring.reset(d.batch)
	}
	d.epReturn = make([]float64, cfg.NumEnvs)

	n, b, k := cfg.NumEnvs, cfg.BatchSize, d.nAct
	d.actX = matrix(nil, n, d.dim)
	d.greedy = make([]bool, n)
	d.acts = make([]int, n)
	d.prev, d.rewards, d.ended = make([]int, n), make([]float64, n), make([]bool, n)
	d.x, d.xn = matrix(nil, b, d.dim), matrix(nil, b, d.dim)
	d.q, d.dq, d.dout = matrix(nil, b, k), matrix(nil, b, k), matrix(nil, b, k+1)
	d.idx, d.actions, d.best = make([]int, b), make([]int, b), make([]int, b)
	d.y = make([]float64, b)
	d.online.Reserve(max(b, n))
	d.target.Reserve(b)
	d.on = [2]*nn.MLP{d.online, d.online.Share()}
	d.tg = [2]*nn.MLP{d.target, d.target.Share()}
	d.parts = newDQNParts(b, len(d.online.Params()))
	d.on[1].Reserve(d.parts.rows[2] - d.parts.rows[1])
	d.tg[1].Reserve(d.parts.rows[2] - d.parts.rows[1])
	d.bindPair()
	return d, nil
}

// bindPair gives d a pair running d.updatePart. A pair's work is bound to
// one *DQN, so UnmarshalBinary, which copies a new learner into d, binds
// anew.
func (d *DQN) bindPair() { d.par = newPair(d.updatePart) }

// dqnSizes are the layer widths: observation, hidden, then one Q-value per
// action, or the value and one advantage per action for a dueling head.
func dqnSizes(dim, nAct int, cfg DQNConfig) []int {
	out := nAct
	if cfg.Dueling {
		out++
	}
	sizes := append([]int{dim}, cfg.Hidden...)
	return append(sizes, out)
}

// Algo is "dqn".
func (d *DQN) Algo() string { return "dqn" }

// Steps is the number of environment steps taken.
func (d *DQN) Steps() int { return d.steps }

// Config returns the learner's configuration.
func (d *DQN) Config() DQNConfig {
	c := d.cfg
	c.Hidden = append([]int(nil), c.Hidden...)
	return c
}

// Epsilon is the exploration rate of the next step.
func (d *DQN) Epsilon() float64 {
	return d.cfg.epsilon(d.steps, d.cfg.TotalSteps)
}

// lr is the learning rate of the next update.
func (d *DQN) lr() float64 {
	c := &d.cfg
	if c.LREnd == 0 {
		return c.LR
	}
	return dqnLinear(c.LR, c.LREnd, float64(d.steps)/float64(c.TotalSteps))
}

// StepUnit is a training round: TrainFreq × NumEnvs steps.
func (d *DQN) StepUnit() (int, string) {
	n := d.cfg.TrainFreq * d.cfg.NumEnvs
	return n, fmt.Sprintf("training rounds of %d steps (train_freq × num_envs)", n)
}

// SetTotalSteps changes the budget the exploration and learning-rate
// schedules follow.
func (d *DQN) SetTotalSteps(n int) { d.cfg.TotalSteps = n }

// Iterate runs training rounds for IterateSteps environment steps (capped
// at TotalSteps): each round takes TrainFreq vector steps, storing their
// transitions, then does GradientSteps updates once LearningStarts steps
// have been taken.
func (d *DQN) Iterate() (Progress, error) {
	c := &d.cfg
	end := d.steps + c.IterateSteps
	if d.steps < c.TotalSteps {
		end = min(end, c.TotalSteps)
	}
	for d.steps < end {
		for range c.TrainFreq {
			d.collect()
		}
		if d.steps < c.LearningStarts {
			continue
		}
		for range c.GradientSteps {
			if err := d.update(); err != nil {
				return d.progress(), err
			}
		}
	}
	return d.progress(), nil
}

// collect steps every environment once with the ε-greedy policy, its
// greedy actions from one forward pass.
//
// A tableenv episode is truncated at the horizon, never terminated, so
// every transition is stored as bootstrapping, an episode's last included
// (from the row it ended on, not the next episode's first).
func (d *DQN) collect() {
	b := d.batch
	eps := d.Epsilon()
	anyGreedy := false
	for i := range d.acts {
		d.greedy[i] = d.rng.Float64() >= eps
		if d.greedy[i] {
			anyGreedy = true
		} else {
			d.acts[i] = d.rng.IntN(d.nAct)
		}
	}
	cur := b.Rows
	if d.ring != nil {
		cur = d.ring.cur
	}
	if anyGreedy {
		for i, r := range cur {
			copy(d.actX.Data[i*d.dim:(i+1)*d.dim], d.obs[r*d.dim:(r+1)*d.dim])
		}
		out := d.online.Forward(d.actX)
		for i, g := range d.greedy {
			if g {
				d.acts[i] = dqnArgmax(out, i, d.cfg.Dueling)
			}
		}
	}
	copy(d.prev, cur)
	b.Step(d.acts, d.rewards, d.ended)
	for i, r := range d.rewards {
		next := b.Rows[i]
		if d.ended[i] {
			next = b.FinalRows[i]
		}
		if d.ring != nil {
			next = d.ring.advance(b, i, d.ended[i])
		}
		d.replay.add(d.prev[i], d.acts[i], r, next, false)
		d.epReturn[i] += r
		if d.ended[i] {
			d.recent.add(d.epReturn[i])
			d.epReturn[i] = 0
			d.episodes++
		}
	}
	d.steps += len(d.acts)
}

// dqnArgmax is the greedy action of row i of a network output: the largest
// Q-value or, for a dueling head, the largest advantage (the same action,
// since Q and A differ by a per-row constant). Ties go to the lower action.
func dqnArgmax(out blas64.General, i int, dueling bool) int {
	row := out.Data[i*out.Stride : i*out.Stride+out.Cols]
	if dueling {
		row = row[1:]
	}
	return Argmax(row)
}

func (d *DQN) progress() Progress {
	return Progress{Steps: d.steps, Episodes: d.episodes, MeanReturn: d.recent.mean(), Loss: d.loss}
}
