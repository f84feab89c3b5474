package atomicfile

import (
	"bufio"
	"os"
	"path/filepath"
)

// Write writes path through write, atomically. The file gets mode 0644.
func Write(path string, write func(w *bufio.Writer) error) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), tempPattern(filepath.Base(path)))
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close() // harmless if closed already
			os.Remove(tmp.Name())
		}
	}()
	w := bufio.NewWriterSize(tmp, 1<<16)
	if err = write(w); err != nil {
		return err
	}
	if err = w.Flush(); err != nil {
		return err
	}
	// CreateTemp makes the file private; outputs are for everyone to read.
	if err = tmp.Chmod(0o644); err != nil {
		return err
	}
	// Sync before the rename, or a crash could leave path naming an empty file.
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// WriteBytes writes data to path atomically.
func WriteBytes(path string, data []byte) error {
	return Write(path, func(w *bufio.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// tempPattern is the name of Write's temporary files (os.CreateTemp's '*'
// being a random number): hidden, and marked as temporary.
func tempPattern(base string) string { return "." + base + ".*.tmp" }

// RemoveStale removes the temporary files a writer killed mid-write left in
// dir, and returns their names. Only a caller that alone writes into dir
// (holding a lock on it) may call it: another writer's file in progress
// would go too.
func RemoveStale(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var stale []string
	for _, e := range entries {
		// Matched by name, not filepath.Glob, which would read dir's own
		// name as a pattern.
		if ok, _ := filepath.Match(tempPattern("*"), e.Name()); !ok || !e.Type().IsRegular() {
			continue
		}
		if err := os.Remove(filepath.Join(dir, e.Name())); err != nil && !os.IsNotExist(err) {
			return stale, err
		}
		stale = append(stale, e.Name())
	}
	return stale, nil
}
