package synth

import (
	"os"
	"path/filepath"
)

// WriteFile generates the table of cfg into the file path, atomically: the
// rows go to a temporary file in the same directory, which is renamed over
// path only once complete, so that a reader never sees a partial table and a
// failure leaves any previous file as it was. The temporary file is removed
// on error. The file is created with mode 0644.
func WriteFile(path string, cfg Config) error {
	// Validate before creating anything, so that a bad Config touches no file.
	if err := cfg.Validate(); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	if err := fill(f, cfg); err != nil {
		f.Close() // after fill's own Close this only errs, harmlessly
		os.Remove(f.Name())
		return err
	}
	if err := os.Rename(f.Name(), path); err != nil {
		os.Remove(f.Name())
		return err
	}
	return nil
}

// fill writes the table to f and closes it, durably.
func fill(f *os.File, cfg Config) error {
	if err := Generate(f, cfg); err != nil {
		return err
	}
	// CreateTemp makes the file private; a data file is for everyone to read.
	if err := f.Chmod(0o644); err != nil {
		return err
	}
	// Sync before the rename, or a crash could leave path naming an empty file.
	if err := f.Sync(); err != nil {
		return err
	}
	return f.Close()
}
