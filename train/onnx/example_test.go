package onnx_test

import (
	"fmt"

	"github.com/tablerl/tablerl/train/onnx"
)

// A one-node graph, obs → Relu → scores, written and read back: Marshal
// gives the same bytes for the same model, and Unmarshal returns its parts.
func Example() {
	batch := onnx.Dim{Param: "N"}
	m := &onnx.Model{
		IRVersion:    onnx.IRVersion,
		OpsetImports: []onnx.OpsetID{{Version: onnx.Opset}},
		ProducerName: "example",
		Graph: onnx.Graph{
			Name:    "relu",
			Nodes:   []onnx.Node{{OpType: "Relu", Inputs: []string{"obs"}, Outputs: []string{"scores"}}},
			Inputs:  []onnx.ValueInfo{{Name: "obs", ElemType: onnx.Float, Shape: []onnx.Dim{batch, {Value: 3}}}},
			Outputs: []onnx.ValueInfo{{Name: "scores", ElemType: onnx.Float, Shape: []onnx.Dim{batch, {Value: 3}}}},
		},
	}
	b := onnx.Marshal(m)
	back, err := onnx.Unmarshal(b)
	if err != nil {
		fmt.Println(err)
		return
	}
	g := back.Graph
	fmt.Println(back.IRVersion, back.OpsetImports[0].Version, g.Nodes[0].OpType, g.Inputs[0].Name, g.Inputs[0].Shape[0].Param, g.Outputs[0].Shape[1].Value)
	fmt.Println(string(onnx.Marshal(back)) == string(b))
	// Output:
	// 7 13 Relu obs N 3
	// true
}
