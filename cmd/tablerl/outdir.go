package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"

	"github.com/tablerl/tablerl/internal/atomicfile"
	"github.com/tablerl/tablerl/train"
)

// lockName is the file in a run's --out that a run holds locked (flock)
// while it writes there. It stays after the run: removing a lock file
// races with a run about to lock it.
const lockName = ".tablerl.lock"

// runFiles are the files a train run writes into its --out.
var runFiles = []string{"policy.json", "decision.csv", "curve.csv", "curve.png", "config.yaml", train.CheckpointName}

// claimOut makes out and locks it for this process, so that a second run
// into it is refused instead of mixing its files with this one's; the lock
// goes with the process, however it ends. Temporary files a killed run
// left there are removed. The returned function releases the lock.
func claimOut(out string) (release func(), err error) {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, err
	}
	path := filepath.Join(out, lockName)
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("%s: another tablerl run is writing into it (it holds %s locked)", out, lockName)
		}
		return nil, fmt.Errorf("%s: locking: %w", path, err)
	}
	if _, err := atomicfile.RemoveStale(out); err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: removing a killed run's temporary files: %w", out, err)
	}
	return func() { f.Close() }, nil
}

// checkFresh refuses to start a run afresh over the run in out (its policy
// or checkpoint) unless force, which removes that run's files first so the
// new run's cannot mix with them.
func checkFresh(out string, force bool) error {
	for _, name := range []string{"policy.json", train.CheckpointName} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			continue
		}
		if !force {
			return fmt.Errorf("%s holds a run (%s): continue it with --resume, or start afresh over it with --force", out, name)
		}
		for _, f := range runFiles {
			if err := os.Remove(filepath.Join(out, f)); err != nil && !os.IsNotExist(err) {
				return err
			}
		}
		return nil
	}
	return nil
}
