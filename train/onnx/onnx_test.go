// Copyright ©2025 The tablerl Authors. All rights reserved.

package onnx

import (
	"bytes"
	"errors"
	"reflect"
	"testing"

	"google.golang.org/protobuf/encoding/protowire"
)

// sample is a small model using every part of the subset.
func sample() *Model {
	return &Model{
		IRVersion: IRVersion, OpsetImports: []OpsetID{{Version: Opset}, {Domain: "ai.example", Version: 2}},
		ProducerName: "tablerl", ProducerVersion: "test", Domain: "tablerl", ModelVersion: 3, DocString: "a doc",
		Graph: Graph{
			Name: "g",
			Nodes: []Node{
				{Inputs: []string{"x", "W"}, Outputs: []string{"y"}, Name: "mm", OpType: "Gemm",
					Attributes: []Attribute{{Name: "alpha", Type: AttrFloat, F: 1.5}, {Name: "transB", Type: AttrInt, I: 0}}},
				{Inputs: []string{"y", ""}, Outputs: []string{"z"}, OpType: "Custom", Domain: "ai.example", DocString: "d",
					Attributes: []Attribute{{Name: "s", Type: AttrString, S: "v"}, {Name: "fs", Type: AttrFloats, Floats: []float32{1, -2}},
						{Name: "is", Type: AttrInts, Ints: []int64{-1, 7}}}},
			},
			Initializers: []Tensor{FloatTensor("W", []int64{2, 2}, []float64{1, 2, 3, 4}), Int64Tensor("i", []int64{3}, []int64{-5, 0, 1 << 40})},
			DocString:    "graph doc",
			Inputs:       []ValueInfo{{Name: "x", ElemType: Float, Shape: []Dim{{Param: "N"}, {Value: 2}}, DocString: "in"}},
			Outputs:      []ValueInfo{{Name: "z", ElemType: Int64, Shape: []Dim{{Param: "N"}}}},
		},
		Metadata: []StringEntry{{Key: "k", Value: "v"}, {Key: "empty"}},
	}
}

func TestRoundTrip(t *testing.T) {
	m := sample()
	b := Marshal(m)
	got, err := Unmarshal(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, m) {
		t.Fatalf("decoded\n%+v\nwant\n%+v", got, m)
	}
	if !bytes.Equal(Marshal(got), b) {
		t.Fatal("re-encoding differs")
	}
	w, err := got.Graph.Initializers[0].Floats()
	if err != nil || !reflect.DeepEqual(w, []float32{1, 2, 3, 4}) {
		t.Fatalf("Floats: %v, %v", w, err)
	}
	iv, err := got.Graph.Initializers[1].Int64s()
	if err != nil || !reflect.DeepEqual(iv, []int64{-5, 0, 1 << 40}) {
		t.Fatalf("Int64s: %v, %v", iv, err)
	}
}

// TestTypedData reads tensors stored in the typed data fields, packed and
// not, as other writers store them.
func TestTypedData(t *testing.T) {
	tensor := func(dt DataType, fields func(b []byte) []byte) []byte {
		var tb []byte
		tb = appendInt(tb, tensorDims, 2)
		tb = appendInt(tb, tensorDataType, int64(dt))
		tb = fields(tb)
		g := appendMessage(nil, graphInitializer, tb)
		return appendMessage(nil, modelGraph, g)
	}
	packed := func(num protowire.Number, vals ...uint64) func([]byte) []byte {
		return func(b []byte) []byte {
			var p []byte
			for _, v := range vals {
				p = protowire.AppendVarint(p, v)
			}
			return appendMessage(b, num, p)
		}
	}
	for _, tc := range []struct {
		name string
		in   []byte
		want Tensor
	}{
		{"float_data unpacked", tensor(Float, func(b []byte) []byte { return appendFloat(appendFloat(b, tensorFloatData, 1), tensorFloatData, -2) }),
			FloatTensor("", []int64{2}, []float64{1, -2})},
		{"int64_data packed", tensor(Int64, packed(tensorInt64Data, 3, 1<<63)), Int64Tensor("", []int64{2}, []int64{3, -1 << 63})},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := Unmarshal(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if got := m.Graph.Initializers[0]; !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

// TestMalformed names where each kind of malformed input goes wrong.
func TestMalformed(t *testing.T) {
	good := Marshal(sample())
	graphAt := func(g []byte) []byte { return appendMessage(nil, modelGraph, g) }
	for _, tc := range []struct {
		name, path string
		in         []byte
	}{
		{"truncated", "ModelProto", good[:len(good)/2]},
		{"bad tag", "ModelProto", []byte{0x80}},
		{"field zero", "ModelProto", []byte{0x00, 0x01}},
		{"string as varint", "ModelProto", appendInt(nil, modelProducerName, 1)},
		{"graph as varint", "ModelProto", appendInt(nil, modelGraph, 1)},
		{"overlong bytes", "ModelProto", []byte{byte(modelDocString<<3 | 2), 0x7f, 'a'}},
		{"tensor too short", "ModelProto.graph.initializer[0]",
			graphAt(appendMessage(nil, graphInitializer, encodeTensor(&Tensor{Dims: []int64{3}, DataType: Float, Raw: make([]byte, 8)})))},
		{"huge dims", "ModelProto.graph.initializer[0]",
			graphAt(appendMessage(nil, graphInitializer, encodeTensor(&Tensor{Dims: []int64{1 << 40, 1 << 40}, DataType: Float, Raw: make([]byte, 8)})))},
		{"negative dim", "ModelProto.graph.initializer[0]",
			graphAt(appendMessage(nil, graphInitializer, encodeTensor(&Tensor{Dims: []int64{-1}, DataType: Float})))},
		{"float_data in an int64 tensor", "ModelProto.graph.initializer[0]",
			graphAt(appendMessage(nil, graphInitializer, appendFloat(appendInt(nil, tensorDataType, int64(Int64)), tensorFloatData, 1)))},
		{"odd packed floats", "ModelProto.graph.node[0].attribute[0]",
			graphAt(appendMessage(nil, graphNode, appendMessage(nil, nodeAttribute, appendMessage(nil, attrFloats, []byte{1, 2, 3}))))},
		{"bad packed ints", "ModelProto.graph.node[0].attribute[0]",
			graphAt(appendMessage(nil, graphNode, appendMessage(nil, nodeAttribute, appendMessage(nil, attrInts, []byte{0xff}))))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Unmarshal(tc.in)
			var de *DecodeError
			if !errors.As(err, &de) || !errors.Is(err, ErrMalformed) {
				t.Fatalf("error %v, want a *DecodeError", err)
			}
			if de.Path != tc.path {
				t.Fatalf("error %v names %s, want %s", err, de.Path, tc.path)
			}
		})
	}
}

// TestUnknownFieldsSkipped reads a model with fields outside the subset.
func TestUnknownFieldsSkipped(t *testing.T) {
	b := appendString(nil, 99, "future")
	b = append(b, Marshal(sample())...)
	b = protowire.AppendTag(b, 98, protowire.Fixed64Type)
	b = protowire.AppendFixed64(b, 1)
	m, err := Unmarshal(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(m, sample()) {
		t.Fatal("unknown fields changed the model")
	}
}

// FuzzUnmarshal checks that no input panics or allocates beyond its size,
// and that whatever decodes re-encodes to bytes that decode to the same
// encoding.
func FuzzUnmarshal(f *testing.F) {
	f.Add(Marshal(sample()))
	f.Add(Marshal(&Model{}))
	f.Add([]byte{})
	f.Add([]byte{0x3a, 0x02, 0x2a, 0x00})
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := Unmarshal(b)
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("error %v is not ErrMalformed", err)
			}
			return
		}
		enc := Marshal(m)
		m2, err := Unmarshal(enc)
		if err != nil {
			t.Fatalf("re-encoded model does not decode: %v", err)
		}
		if !bytes.Equal(Marshal(m2), enc) {
			t.Fatal("encoding is not stable")
		}
	})
}
