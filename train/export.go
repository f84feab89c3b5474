package train

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/tablerl/tablerl/dataset"
	"github.com/tablerl/tablerl/dataset/limits"
	"github.com/tablerl/tablerl/tableenv"
	"github.com/tablerl/tablerl/train/nn"
)

// PolicyFormat and PolicyVersion identify policy.json files. Version 2
// fingerprints the table's content (dataset.Table.Fingerprint) where
// version 1 hashed the data file's bytes; both are read, a version 1 file
// being checked against the bytes as it always was.
const (
	PolicyFormat  = "tablerl-policy"
	PolicyVersion = 2
)

// ErrPolicy marks a policy file that cannot be used: corrupt, of another
// format version, or made for other data or another spec.
var ErrPolicy = errors.New("unusable policy")

// PolicyFile is the exported form of a trained policy: everything needed to
// act, and to check that it is applied to the data and spec it was made for.
type PolicyFile struct {
	Format  string `json:"format"`
	Version int    `json:"version"`
	Algo    string `json:"algo"`
	Seed    uint64 `json:"seed"`
	Steps   int    `json:"steps"`
	// Data names the table and DataSHA256 fingerprints it: the sha256 of
	// its content (of the file's bytes in a version 1 file, see
	// HashesFileBytes).
	Data       string     `json:"data"`
	DataSHA256 string     `json:"data_sha256"`
	Spec       PolicySpec `json:"spec"`
	ObsNames   []string   `json:"obs_names"`
	ObsMean    []float64  `json:"obs_mean"`
	ObsStd     []float64  `json:"obs_std"`
	Actions    []string   `json:"actions"`
	// PolicyPayload is the algorithm's own part, in the file's top level.
	PolicyPayload
	// Checksum is the sha256 of the file's JSON with this field empty.
	Checksum string `json:"checksum"`
}

// PolicyPayload is what an algorithm's greedy policy needs to act: its
// Learner.Policy fills it and its Algorithm.LoadPolicy reads it back. The
// kinds of payload are shared between algorithms (PPO and DQN both keep a
// network); an algorithm that needs another kind adds its field here.
type PolicyPayload struct {
	// Network holds a policy network's or Q-network's weights; Dueling marks
	// a Q-network whose first output is the state value.
	Network *nn.Snapshot `json:"network,omitempty"`
	Dueling bool         `json:"dueling,omitempty"`
	// QTable holds a tabular policy: one entry per recorded state.
	QTable []StateQ `json:"qtable,omitempty"`
}

// PolicySpec is the part of a spec a policy depends on.
type PolicySpec struct {
	Name           string         `json:"name"`
	Knobs          []dataset.Knob `json:"knobs"`
	Observe        []string       `json:"observe"`
	Context        []string       `json:"context"`
	Reward         dataset.Reward `json:"reward"`
	InvalidPenalty float64        `json:"invalid_penalty"`
	Horizon        int            `json:"horizon"`
}

// StateQ is one state's action values in a tabular policy: the knob values
// in the table's units, the context values, and Q per action.
type StateQ struct {
	Knobs   []float64 `json:"knobs"`
	Context []float64 `json:"context,omitempty"`
	Q       []float64 `json:"q"`
}

func policySpec(s *dataset.Spec) PolicySpec {
	return PolicySpec{Name: s.Name, Knobs: s.Knobs, Observe: s.Observe, Context: s.Context,
		Reward: s.Reward, InvalidPenalty: s.InvalidPenalty, Horizon: s.Horizon}
}

// FileSHA256 is the sha256 of a data file's bytes: the fingerprint of a
// version 1 policy file.
func FileSHA256(r io.Reader) (string, error) {
	h := sha256.New()
	if _, err := io.Copy(h, r); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// NewPolicyFile fills the parts of a policy file common to every algorithm.
func NewPolicyFile(m *tableenv.Model, algo string, seed uint64, steps int, data, dataSHA string) *PolicyFile {
	return &PolicyFile{Format: PolicyFormat, Version: PolicyVersion, Algo: algo, Seed: seed, Steps: steps,
		Data: data, DataSHA256: dataSHA, Spec: policySpec(m.Spec), ObsNames: m.ObsNames,
		ObsMean: m.ObsMean, ObsStd: m.ObsStd, Actions: m.ActionNames}
}

// Marshal encodes the file with its checksum, deterministically.
//
// A NaN or infinite weight or statistic is an error, not a null: read
// back, a null would be a 0 and silently another policy.
func (p *PolicyFile) Marshal() ([]byte, error) {
	p.Checksum = ""
	b, err := json.Marshal(p)
	var ue *json.UnsupportedValueError
	if errors.As(err, &ue) {
		return nil, fmt.Errorf("%w: a weight or statistic of the %s policy is %s: the training diverged", ErrPolicy, p.Algo, ue.Str)
	}
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(b)
	p.Checksum = hex.EncodeToString(sum[:])
	return json.MarshalIndent(p, "", " ")
}

// Save writes the policy file atomically.
func (p *PolicyFile) Save(path string) error {
	b, err := p.Marshal()
	if err != nil {
		return err
	}
	return WriteFileAtomic(path, append(b, '\n'))
}

// LoadPolicy reads a policy file and verifies its format, version and checksum.
func LoadPolicy(path string) (*PolicyFile, error) {
	b, err := limits.ReadFile(path, "file_bytes", limits.Current().FileBytes)
	if errors.Is(err, limits.ErrExceeded) {
		return nil, fmt.Errorf("%w: %s: %v", ErrPolicy, path, err)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrPolicy, path, dataset.FileError(err))
	}
	var p PolicyFile
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, fmt.Errorf("%w: %s: not a policy file: %v", ErrPolicy, path, err)
	}
	if p.Format != PolicyFormat {
		return nil, fmt.Errorf("%w: %s: format %q, want %q", ErrPolicy, path, p.Format, PolicyFormat)
	}
	if p.Version != PolicyVersion && p.Version != 1 {
		return nil, fmt.Errorf("%w: %s: format version %d, this tablerl reads versions 1 and %d", ErrPolicy, path, p.Version, PolicyVersion)
	}
	want := p.Checksum
	if _, err := p.Marshal(); err != nil {
		return nil, err
	}
	if p.Checksum != want {
		return nil, fmt.Errorf("%w: %s: checksum mismatch: the file was modified or corrupted", ErrPolicy, path)
	}
	return &p, nil
}

// ErrOtherData marks a policy or decision table made for other data.
var ErrOtherData = errors.New("made for other data")

// CheckData compares the fingerprint a policy was made with (of the table
// named data) with the data's, unless allowOtherData.
func CheckData(data, madeFor, dataSHA string, allowOtherData bool) error {
	if madeFor == dataSHA || allowOtherData {
		return nil
	}
	return fmt.Errorf("%w: %w: it was trained on %s (sha256 %.12s…), not on this data (sha256 %.12s…); --any-data uses it anyway",
		ErrPolicy, ErrOtherData, data, madeFor, dataSHA)
}

// HashesFileBytes reports a version 1 file, whose DataSHA256 is the sha256
// of the data file's bytes rather than of the table's content: Check must
// be given FileSHA256 of the data for it.
func (p *PolicyFile) HashesFileBytes() bool { return p.Version < 2 }

// Check verifies that the policy was made for this data and spec. Data whose
// fingerprint differs is refused unless allowOtherData (a policy may be
// evaluated on an edited table deliberately); a different spec is always refused.
func (p *PolicyFile) Check(m *tableenv.Model, dataSHA string, allowOtherData bool) error {
	if err := CheckData(p.Data, p.DataSHA256, dataSHA, allowOtherData); err != nil {
		return err
	}
	want, _ := json.Marshal(p.Spec)
	got, _ := json.Marshal(policySpec(m.Spec))
	if string(want) != string(got) {
		return fmt.Errorf("%w: it was trained under another spec (%s): %s, not %s", ErrPolicy, dataset.Quote(p.Spec.Name), want, got)
	}
	if !slices.Equal(p.Actions, m.ActionNames) {
		return fmt.Errorf("%w: actions %q do not match this environment's %q", ErrPolicy, p.Actions, m.ActionNames)
	}
	if _, err := m.ObsIndex(p.ObsNames); err != nil {
		return fmt.Errorf("%w: %v", ErrPolicy, err)
	}
	return nil
}
