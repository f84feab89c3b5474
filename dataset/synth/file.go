package synth

import (
	"bufio"

	"github.com/tablerl/tablerl/internal/atomicfile"
)

// WriteFile generates the table of cfg into the file path, atomically: a
// reader never sees a partial table and a failure leaves any previous file as
// it was. The file is created with mode 0644.
func WriteFile(path string, cfg Config) error {
	// Validate before creating anything, so that a bad Config touches no file.
	if err := cfg.Validate(); err != nil {
		return err
	}
	return atomicfile.Write(path, func(w *bufio.Writer) error { return Generate(w, cfg) })
}
