package train

import (
	"fmt"
	"testing"
)

// BenchmarkDQNUpdate is one minibatch update of the default D3QN on the
// demo table, at each hidden width, with the update's two parts run one
// after the other on the calling goroutine (serial), at once on two
// (parallel), and as the pair chooses by their measured speed (auto, the
// default): the same arithmetic, so the ratio of parallel to serial is
// what the second core gains. Compare them within one run, for example
// with benchstat -col /mode.
func BenchmarkDQNUpdate(b *testing.B) {
	m := demoModel(b)
	for _, hidden := range [][]int{{64, 64}, {96, 96}, {128, 128}} {
		for _, mode := range []struct {
			name  string
			force pairForce
		}{{"serial", pairSerial}, {"parallel", pairParallel}, {"auto", pairAuto}} {
			b.Run(fmt.Sprintf("hidden=%dx%d/mode=%s", hidden[0], hidden[1], mode.name), func(b *testing.B) {
				cfg := DefaultDQNConfig()
				cfg.Hidden = hidden
				d, err := NewDQN(m, cfg)
				if err != nil {
					b.Fatal(err)
				}
				dqnRun(b, d, cfg.LearningStarts) // a replay to sample from
				d.par.force = mode.force
				b.ReportAllocs()
				for b.Loop() {
					if err := d.update(); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
