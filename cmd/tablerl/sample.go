package main

import (
	"fmt"
	"strings"

	"github.com/tablerl/tablerl/eval"
	"github.com/tablerl/tablerl/tableenv"
)

type sampleStep struct {
	Episode int                 `json:"episode"`
	Step    int                 `json:"step"`
	Action  string              `json:"action"`
	Config  map[string]float64  `json:"config"`
	Row     int                 `json:"row"`
	Valid   bool                `json:"valid"`
	Metrics map[string]*float64 `json:"metrics"`
	Reward  float64             `json:"reward"`
	Return  float64             `json:"return"`
}

type sampleReport struct {
	Data          string       `json:"data"`
	Spec          string       `json:"spec"`
	Episodes      int          `json:"episodes"`
	Seed          uint64       `json:"seed"`
	StartRow      *int         `json:"start_row"`
	MeanReturn    float64      `json:"mean_return"`
	CI95          float64      `json:"ci95"`
	RandomReturn  float64      `json:"random_return"`
	OptimalReturn float64      `json:"optimal_return"`
	InvalidRate   float64      `json:"invalid_rate"`
	Steps         []sampleStep `json:"steps,omitempty"`
}

func runSample(c *cli, args []string) error {
	cmd := commands()[1]
	fs := c.newFlags(cmd)
	var tf tableFlags
	tf.register(fs)
	episodes := fs.Int("episodes", 50, "episodes to play")
	seed := fs.Uint64("seed", 1, "random seed: the same seed gives the same output")
	verbose := fs.Bool("v", false, "print every step: action, configuration, drawn row, metrics and reward")
	pos, err := c.parse(fs, args, 0, 1)
	if err != nil {
		return err
	}
	if err := checkEpisodes(*episodes); err != nil {
		return err
	}
	t, m, sol, err := c.openSolved(pos, &tf)
	if err != nil {
		return err
	}
	defer t.Release()
	rep := sampleReport{Data: t.Path, Spec: m.Spec.Name, Episodes: *episodes, Seed: *seed,
		RandomReturn: sol.RandomReturn(m.Spec.Start.Row), OptimalReturn: sol.OptimalReturn(m.Spec.Start.Row)}
	if !m.Spec.Start.Random() {
		r := m.Spec.Start.Row
		rep.StartRow = &r
	}
	cfg := eval.RunConfig{Episodes: *episodes, Seed: *seed, StartRow: -1}
	if *verbose {
		cfg.OnStep = func(s eval.StepRecord) {
			rs := eval.NewReplayStep(m, s)
			if tf.json {
				rep.Steps = append(rep.Steps, stepJSON(m, s.Episode, rs))
				return
			}
			fmt.Fprintln(c.stdout, stepLine(m, s.Episode, rs))
		}
	}
	res := eval.Run(m, eval.NewRandom(), cfg)
	sum := eval.Summarize(res.Returns)
	rep.MeanReturn, rep.CI95 = sum.Mean, sum.CI95
	rep.InvalidRate = float64(res.Invalid) / float64(res.Steps)
	if tf.json {
		return writeJSON(c.stdout, rep)
	}
	fmt.Fprintf(c.stdout, "random policy, %d episodes of %d steps %s (seed %d)\n", rep.Episodes, m.Horizon(), startText(m), rep.Seed)
	fmt.Fprintf(c.stdout, "  mean return      %10.4f ± %.4f (95%% CI)\n", rep.MeanReturn, rep.CI95)
	fmt.Fprintf(c.stdout, "  exact random     %10.4f  %s\n", rep.RandomReturn, coverage(sum, rep.RandomReturn))
	fmt.Fprintf(c.stdout, "  exact optimal    %10.4f\n", rep.OptimalReturn)
	fmt.Fprintf(c.stdout, "  invalid moves    %9.1f%% of steps\n", 100*rep.InvalidRate)
	return nil
}

func coverage(s eval.Summary, v float64) string {
	if s.Covers(v) {
		return "(within the CI)"
	}
	return "(outside the CI)"
}

// stepLine prints a step as replay's table does: the metrics after an
// invalid move are "-", nothing having been measured (eval.NewReplayStep).
func stepLine(m *tableenv.Model, episode int, s eval.ReplayStep) string {
	var b strings.Builder
	fmt.Fprintf(&b, "ep %d step %2d  %-10s", episode, s.Step, s.Action)
	for k, v := range s.Knobs {
		fmt.Fprintf(&b, " %s=%g", m.Spec.Knobs[k].Name, v)
	}
	if !s.Valid {
		b.WriteString("  invalid move, state kept")
	}
	fmt.Fprintf(&b, "  row %d", s.Row)
	for j, v := range s.Metrics {
		fmt.Fprintf(&b, " %s=%s", m.MetricNames[j], metricText(v))
	}
	fmt.Fprintf(&b, "  reward %+.4f  return %+.4f", s.Reward, s.Return)
	return b.String()
}

func stepJSON(m *tableenv.Model, episode int, s eval.ReplayStep) sampleStep {
	return sampleStep{Episode: episode, Step: s.Step, Action: s.Action, Row: s.Row,
		Valid: s.Valid, Reward: s.Reward, Return: s.Return,
		Config: knobsByName(m, s.Knobs), Metrics: metricsByName(m, s.Metrics)}
}
