package synth_test

import (
	"io"
	"testing"

	"github.com/tablerl/tablerl/dataset/synth"
)

// BenchmarkGenerateSweep writes the suite's largest table (5,832 states)
// and reports its bytes per second.
func BenchmarkGenerateSweep(b *testing.B) {
	var cfg synth.SweepConfig
	for _, st := range synth.Suite() {
		if st.Config.States() > cfg.States() || cfg.Grid == nil {
			cfg = st.Config
		}
	}
	var size byteCount
	if err := synth.GenerateSweep(&size, cfg); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		if err := synth.GenerateSweep(io.Discard, cfg); err != nil {
			b.Fatal(err)
		}
	}
}

// byteCount is a writer that counts what it is given.
type byteCount int

func (c *byteCount) Write(p []byte) (int, error) {
	*c += byteCount(len(p))
	return len(p), nil
}
