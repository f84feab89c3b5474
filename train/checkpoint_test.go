package train

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// checkpointOf writes the checkpoint of a short qtable run on the tiny model
// and returns its path and bytes.
func checkpointOf(t *testing.T) (string, []byte) {
	t.Helper()
	m := dqnTinyModel(t)
	q, err := NewQTable(m, qtableTinyConfig())
	if err != nil {
		t.Fatal(err)
	}
	dqnRun(t, q, 2000)
	path := filepath.Join(t.TempDir(), CheckpointName)
	curve := []CurvePoint{{Step: 1000, MeanReturn: 1, GreedyReturn: 2, PctOptimal: 50, Loss: 0.5}}
	if err := writeCheckpoint(path, q, curve, runState{BestSteps: 1000, BestReturn: 2}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return path, b
}

// TestCheckpointBitFlips: one bit flipped anywhere in a checkpoint (every
// bit of the header and of the checksum, and bits spread over the body)
// makes resuming fail with ErrCheckpoint, never resume to another state.
func TestCheckpointBitFlips(t *testing.T) {
	path, good := checkpointOf(t)
	learner := func() Learner {
		q, err := NewQTable(dqnTinyModel(t), qtableTinyConfig())
		if err != nil {
			t.Fatal(err)
		}
		return q
	}
	if _, _, err := readCheckpoint(path, learner()); err != nil {
		t.Fatalf("an intact checkpoint is refused: %v", err)
	}
	var bits []int
	for i := range 8 * (len(checkpointMagic) + 16) {
		bits = append(bits, i)
	}
	for i := 8 * (len(good) - sha256.Size); i < 8*len(good); i++ {
		bits = append(bits, i)
	}
	for i := 0; i < 8*len(good); i += 8*len(good)/200 + 1 {
		bits = append(bits, i)
	}
	for _, bit := range bits {
		b := bytes.Clone(good)
		b[bit/8] ^= 1 << (bit % 8)
		os.WriteFile(path, b, 0o644)
		if _, _, err := readCheckpoint(path, learner()); !errors.Is(err, ErrCheckpoint) {
			t.Fatalf("bit %d (byte %d) flipped: err = %v, want ErrCheckpoint", bit, bit/8, err)
		}
	}
	// The flip of the version digit that makes it a v2 is refused too: a v2
	// has nothing after its last part.
	b := bytes.Clone(good)
	b[len(checkpointMagic)-2] = '2'
	os.WriteFile(path, b, 0o644)
	if _, _, err := readCheckpoint(path, learner()); !errors.Is(err, ErrCheckpoint) || !strings.Contains(err.Error(), "unexpected bytes") {
		t.Errorf("v3 relabelled v2: err = %v", err)
	}
}

// TestCheckpointReadsV2: a checkpoint of the format before checksums (the
// same parts, no sum) still resumes.
func TestCheckpointReadsV2(t *testing.T) {
	path, good := checkpointOf(t)
	v2 := append([]byte(checkpointMagicV2), good[len(checkpointMagic):len(good)-sha256.Size]...)
	os.WriteFile(path, v2, 0o644)
	q, err := NewQTable(dqnTinyModel(t), qtableTinyConfig())
	if err != nil {
		t.Fatal(err)
	}
	curve, st, err := readCheckpoint(path, q)
	if err != nil {
		t.Fatal(err)
	}
	if len(curve) != 1 || curve[0].Step != 1000 || st.BestSteps != 1000 || q.Steps() < 2000 {
		t.Errorf("v2 checkpoint read as curve %v, state %+v, %d steps", curve, st, q.Steps())
	}
}

// TestCheckpointWriterInBackground: the background writer leaves the same
// file writeCheckpoint does, and a write that fails reports its error at
// the next write or wait, not never.
func TestCheckpointWriterInBackground(t *testing.T) {
	_, want := checkpointOf(t)
	m := dqnTinyModel(t)
	q, err := NewQTable(m, qtableTinyConfig())
	if err != nil {
		t.Fatal(err)
	}
	dqnRun(t, q, 2000)
	curve := []CurvePoint{{Step: 1000, MeanReturn: 1, GreedyReturn: 2, PctOptimal: 50, Loss: 0.5}}
	st := runState{BestSteps: 1000, BestReturn: 2}

	path := filepath.Join(t.TempDir(), CheckpointName)
	w := newCheckpointWriter(path)
	if err := w.write(q, curve, st); err != nil {
		t.Fatal(err)
	}
	if err := w.wait(); err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile(path); err != nil || !bytes.Equal(got, want) {
		t.Fatalf("the background write left %d bytes (%v), writeCheckpoint %d", len(got), err, len(want))
	}

	bad := newCheckpointWriter(filepath.Join(t.TempDir(), "missing", CheckpointName))
	if err := bad.write(q, curve, st); err != nil {
		t.Fatalf("the write's error came before the write: %v", err)
	}
	if err := bad.write(q, curve, st); err == nil {
		t.Fatal("a second write hid the first one's error")
	}
	if err := bad.write(q, curve, st); err != nil {
		t.Fatal(err)
	}
	if err := bad.wait(); err == nil {
		t.Fatal("wait hid the write's error")
	}
	if err := bad.wait(); err != nil {
		t.Fatalf("a second wait, with nothing in flight: %v", err)
	}
}
