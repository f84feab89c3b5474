package train

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/tablerl/tablerl/tableenv"
	"github.com/tablerl/tablerl/train/nn"
	"github.com/tablerl/tablerl/train/onnx"
)

// The names of policy.onnx's input and outputs.
const (
	// ONNXInput is the raw observation, float32 [N, D]: Model.Observation's
	// values for N states, in the order of the model's ObsNames (the
	// metadata's "obs_names").
	ONNXInput = "obs"
	// ONNXScores is float32 [N, actions]: a PPO policy's logits, a DQN
	// policy's Q-values.
	ONNXScores = "scores"
	// ONNXAction is int64 [N]: the action of the largest score, the lowest
	// on ties, as the greedy policy picks it.
	ONNXAction = "action"
)

// ErrNoONNX marks a policy that has no network to export: a tabular one.
var ErrNoONNX = errors.New("no ONNX form")

// ONNX encodes the policy file's network as an ONNX model that acts on the
// observations of m (the model the file was checked against):
//
//	obs → [Gather] → Sub(mean) → Div(std) → Gemm → act → … → Gemm = scores → ArgMax = action
//
// The standardization stays two nodes rather than being folded into the
// first Gemm: raw observations (a load of 800 against a mean of 600)
// folded into float32 weights would cancel in the first layer's sums and
// lose bits that (obs − mean)/std keeps. A dueling head's
// q = v + a − mean(a) is linear, so it is folded, in float64, into the
// last Gemm's weights. A policy that reads its inputs by name (trained on
// an observation with fewer entries) gets a Gather of its own inputs out
// of m's observation, so the input is always Model.Observation's.
//
// The float32 arithmetic keeps the scores within about 1e-6 of tablerl's
// float64 ones on the recorded tables; a test runs ONNX Runtime on every
// recorded row.
func (p *PolicyFile) ONNX(m *tableenv.Model) ([]byte, error) {
	if p.Network == nil {
		return nil, fmt.Errorf("%w: a %s policy is a table of the recorded states, not a network: export it as csv or json", ErrNoONNX, p.Algo)
	}
	if _, err := p.Greedy(m); err != nil { // checks the network, its statistics and inputs
		return nil, err
	}
	s := *p.Network
	sizes := s.Sizes
	act, _ := nn.ParseActivation(s.Activation) // checked by Greedy
	d := sizes[0]
	g := onnx.Graph{Name: "tablerl_" + p.Algo}
	x := ONNXInput
	if !slices.Equal(p.ObsNames, m.ObsNames) {
		idx, _ := m.ObsIndex(p.ObsNames) // checked by Greedy
		vals := make([]int64, len(idx))
		for i, j := range idx {
			vals[i] = int64(j)
		}
		g.Initializers = append(g.Initializers, onnx.Int64Tensor("input_index", []int64{int64(d)}, vals))
		g.Nodes = append(g.Nodes, node("Gather", "select_inputs", []string{x, "input_index"}, "inputs", intAttr("axis", 1)))
		x = "inputs"
	}
	g.Initializers = append(g.Initializers,
		onnx.FloatTensor("obs_mean", []int64{int64(d)}, p.ObsMean),
		onnx.FloatTensor("obs_std", []int64{int64(d)}, p.ObsStd))
	g.Nodes = append(g.Nodes,
		node("Sub", "center", []string{x, "obs_mean"}, "centered"),
		node("Div", "standardize", []string{"centered", "obs_std"}, "standardized"))
	x = "standardized"

	off, layers := 0, len(sizes)-1
	for l := range layers {
		in, out := sizes[l], sizes[l+1]
		w := s.Params[off : off+in*out]
		b := s.Params[off+in*out : off+in*out+out]
		off += in*out + out
		if l == layers-1 && p.Dueling {
			w, b, out = foldDueling(w, b, in, out)
		}
		wn, bn := fmt.Sprintf("W%d", l), fmt.Sprintf("b%d", l)
		g.Initializers = append(g.Initializers,
			onnx.FloatTensor(wn, []int64{int64(in), int64(out)}, w),
			onnx.FloatTensor(bn, []int64{int64(out)}, b))
		y := fmt.Sprintf("dense%d", l)
		if l == layers-1 {
			y = ONNXScores
		}
		g.Nodes = append(g.Nodes, node("Gemm", y, []string{x, wn, bn}, y))
		x = y
		if l < layers-1 && act != nn.Identity {
			a := fmt.Sprintf("hidden%d", l)
			g.Nodes = append(g.Nodes, node(map[nn.Activation]string{nn.ReLU: "Relu", nn.Tanh: "Tanh"}[act], a, []string{x}, a))
			x = a
		}
	}
	g.Nodes = append(g.Nodes, node("ArgMax", "greedy", []string{ONNXScores}, ONNXAction, intAttr("axis", 1), intAttr("keepdims", 0)))

	na := int64(len(p.Actions))
	batch := onnx.Dim{Param: "N"}
	scores := "Q-values"
	if p.Algo == "ppo" {
		scores = "logits"
	}
	g.Inputs = []onnx.ValueInfo{{Name: ONNXInput, ElemType: onnx.Float, Shape: []onnx.Dim{batch, {Value: int64(m.ObsDim())}},
		DocString: "raw observations, one per row, in the order of the metadata's obs_names"}}
	g.Outputs = []onnx.ValueInfo{
		{Name: ONNXScores, ElemType: onnx.Float, Shape: []onnx.Dim{batch, {Value: na}}, DocString: "the " + scores + " of each action, in the order of the metadata's actions"},
		{Name: ONNXAction, ElemType: onnx.Int64, Shape: []onnx.Dim{batch}, DocString: "the greedy action: the index of the largest score, the lowest on ties"},
	}
	mod := onnx.Model{IRVersion: onnx.IRVersion, OpsetImports: []onnx.OpsetID{{Version: onnx.Opset}},
		ProducerName: "tablerl", Domain: "tablerl", Graph: g,
		DocString: fmt.Sprintf("tablerl %s policy for %s, trained on %s", p.Algo, p.Spec.Name, p.Data)}
	obsNames, _ := json.Marshal(m.ObsNames)
	actions, _ := json.Marshal(p.Actions)
	mod.Metadata = []onnx.StringEntry{
		{Key: "algo", Value: p.Algo},
		{Key: "scores", Value: scores},
		{Key: "obs_names", Value: string(obsNames)},
		{Key: "actions", Value: string(actions)},
		{Key: "spec", Value: p.Spec.Name},
		{Key: "data", Value: p.Data},
		{Key: "data_sha256", Value: p.DataSHA256},
		{Key: "policy_checksum", Value: p.Checksum},
	}
	return onnx.Marshal(&mod), nil
}

// foldDueling turns a dueling head's last layer (in × (1+k): the value,
// then k advantages) into one of in × k giving q_j = v + a_j − mean(a)
// directly, in float64.
func foldDueling(w, b []float64, in, out int) ([]float64, []float64, int) {
	k := out - 1
	fold := func(row []float64) []float64 {
		var mean float64
		for _, a := range row[1:] {
			mean += a
		}
		mean /= float64(k)
		q := make([]float64, k)
		for j, a := range row[1:] {
			q[j] = row[0] + a - mean
		}
		return q
	}
	fw := make([]float64, 0, in*k)
	for i := range in {
		fw = append(fw, fold(w[i*out:(i+1)*out])...)
	}
	return fw, fold(b), k
}

func node(op, name string, inputs []string, output string, attrs ...onnx.Attribute) onnx.Node {
	return onnx.Node{OpType: op, Name: name, Inputs: inputs, Outputs: []string{output}, Attributes: attrs}
}

func intAttr(name string, v int64) onnx.Attribute {
	return onnx.Attribute{Name: name, Type: onnx.AttrInt, I: v}
}
