package train

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
)

// CheckpointName is the checkpoint's file name in RunConfig.Dir.
const CheckpointName = "checkpoint.bin"

// checkpointMagic starts a checkpoint file, with its format version: v2
// added Run's own state (the kept best policy, the early stop) and the
// configs' shared base; v3 appends a sha256 of everything before it, so that
// a damaged file is refused instead of resuming to a different policy. A v2
// checkpoint (same layout, no checksum) is still read; a v1 is refused with
// a message.
const (
	checkpointMagic   = "tablerl-ckpt-v3\n"
	checkpointMagicV2 = "tablerl-ckpt-v2\n"
	checkpointMagicV1 = "tablerl-ckpt-v1\n"
)

// checkpointParts is the number of length-prefixed parts: the algorithm,
// the curve, Run's state and the learner's state.
const checkpointParts = 4

// ErrCheckpoint marks a checkpoint that cannot be resumed from.
var ErrCheckpoint = errors.New("cannot resume from checkpoint")

// writeCheckpoint saves the learner, the curve and Run's state: magic, the
// algorithm, the curve as JSON, the state as JSON and the learner's state,
// each length-prefixed, then the sha256 of all that.
func writeCheckpoint(path string, l Learner, curve []CurvePoint, st runState) error {
	b, err := encodeCheckpoint(l, curve, st)
	if err != nil {
		return err
	}
	return sealCheckpoint(path, b)
}

// encodeCheckpoint is writeCheckpoint's file up to the checksum, in memory
// of its own: the learner may go on training while it is written.
func encodeCheckpoint(l Learner, curve []CurvePoint, st runState) ([]byte, error) {
	state, err := l.MarshalBinary()
	if err != nil {
		return nil, err
	}
	cj, err := json.Marshal(curve)
	if err != nil {
		return nil, err
	}
	sj, err := json.Marshal(st)
	if err != nil {
		return nil, err
	}
	parts := [][]byte{[]byte(l.Algo()), cj, sj, state}
	n := len(checkpointMagic) + sha256.Size
	for _, part := range parts {
		n += 8 + len(part)
	}
	b := make([]byte, 0, n)
	b = append(b, checkpointMagic...)
	for _, part := range parts {
		b = binary.LittleEndian.AppendUint64(b, uint64(len(part)))
		b = append(b, part...)
	}
	return b, nil
}

// sealCheckpoint appends the checksum to an encoded checkpoint, which has
// room for it, and writes the file atomically.
func sealCheckpoint(path string, b []byte) error {
	sum := sha256.Sum256(b)
	return WriteFileAtomic(path, append(b, sum[:]...))
}

// checkpointWriter writes Run's checkpoints in the background: the state
// is encoded on the training goroutine, at the iteration boundary it
// belongs to, and its checksum, write and sync, most of a checkpoint's
// time (DQN's replay buffer makes a file of megabytes), overlap the
// training that follows. At most one write is in flight, so a checkpoint
// never overtakes an earlier one and memory holds at most two.
type checkpointWriter struct {
	path string
	done chan error // the write in flight's result, when busy
	busy bool
}

func newCheckpointWriter(path string) *checkpointWriter {
	return &checkpointWriter{path: path, done: make(chan error, 1)}
}

// write waits for the previous write, reporting its error, then encodes
// the checkpoint and starts writing it.
func (w *checkpointWriter) write(l Learner, curve []CurvePoint, st runState) error {
	if err := w.wait(); err != nil {
		return err
	}
	b, err := encodeCheckpoint(l, curve, st)
	if err != nil {
		return err
	}
	w.busy = true
	go func() { w.done <- sealCheckpoint(w.path, b) }()
	return nil
}

// wait returns once no write is in flight, with the error of the one that
// was, if any.
func (w *checkpointWriter) wait() error {
	if !w.busy {
		return nil
	}
	w.busy = false
	return <-w.done
}

// readCheckpoint restores l from the checkpoint at path and returns the
// curve and Run's state it holds.
func readCheckpoint(path string, l Learner) ([]CurvePoint, runState, error) {
	var st runState
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, st, fmt.Errorf("%w %s: %v", ErrCheckpoint, path, err)
	}
	parts, err := checkpointBody(b)
	if err != nil {
		return nil, st, fmt.Errorf("%w %s: %v", ErrCheckpoint, path, err)
	}
	if algo := string(parts[0]); algo != l.Algo() {
		return nil, st, fmt.Errorf("%w %s: it is a %q run, not %s", ErrCheckpoint, path, algo, l.Algo())
	}
	var curve []CurvePoint
	if err := json.Unmarshal(parts[1], &curve); err != nil {
		return nil, st, fmt.Errorf("%w %s: %v", ErrCheckpoint, path, err)
	}
	if err := json.Unmarshal(parts[2], &st); err != nil {
		return nil, st, fmt.Errorf("%w %s: %v", ErrCheckpoint, path, err)
	}
	if err := l.UnmarshalBinary(parts[3]); err != nil {
		return nil, st, fmt.Errorf("%w %s: %v", ErrCheckpoint, path, err)
	}
	return curve, st, nil
}

// checkpointBody checks a checkpoint's magic and checksum and splits it
// into its parts. Nothing may follow the last part (or, in v3, the
// checksum): a v3 file whose version digit lost a bit is not taken for a v2.
func checkpointBody(b []byte) ([][]byte, error) {
	switch {
	case bytes.HasPrefix(b, []byte(checkpointMagic)):
		if len(b) < len(checkpointMagic)+sha256.Size {
			return nil, errors.New("truncated")
		}
		body, sum := b[:len(b)-sha256.Size], b[len(b)-sha256.Size:]
		if got := sha256.Sum256(body); !bytes.Equal(got[:], sum) {
			return nil, errors.New("checksum mismatch: the file is damaged or was modified; start the run afresh")
		}
		b = body
	case bytes.HasPrefix(b, []byte(checkpointMagicV2)):
		// An older tablerl's, without a checksum: read as it was written.
	case bytes.HasPrefix(b, []byte(checkpointMagicV1)):
		return nil, errors.New("written by an older tablerl (format v1); start the run afresh")
	default:
		return nil, errors.New("not a tablerl checkpoint (or of a newer format version)")
	}
	b = b[len(checkpointMagic):]
	parts := make([][]byte, 0, checkpointParts)
	for range checkpointParts {
		if len(b) < 8 {
			return nil, errors.New("truncated")
		}
		n := binary.LittleEndian.Uint64(b)
		b = b[8:]
		if n > uint64(len(b)) {
			return nil, errors.New("truncated")
		}
		parts = append(parts, b[:n])
		b = b[n:]
	}
	if len(b) > 0 {
		return nil, fmt.Errorf("%d unexpected bytes after the last part", len(b))
	}
	return parts, nil
}
