// Copyright ©2025 The tablerl Authors. All rights reserved.

package onnx

// IRVersion and Opset are the ONNX IR version and the default domain's
// operator set that tablerl's models declare: IR 7 with opset 13, which
// ONNX Runtime has loaded since 1.7 and most other runtimes load too. The
// operators the policies need (Gemm, Relu, Tanh, Sub, Div, Gather, ArgMax)
// are all in opset 13.
const (
	IRVersion = 7
	Opset     = 13
)

// DataType is an element type, as TensorProto.DataType numbers it.
type DataType int32

// The element types tablerl's graphs use.
const (
	Float  DataType = 1
	Int32  DataType = 6
	Int64  DataType = 7
	Double DataType = 11
)

// Model is a ModelProto: one graph, the operator sets it binds to, who made
// it, and metadata.
type Model struct {
	IRVersion       int64
	OpsetImports    []OpsetID
	ProducerName    string
	ProducerVersion string
	Domain          string
	ModelVersion    int64
	DocString       string
	Graph           Graph
	Metadata        []StringEntry
}

// OpsetID is an OperatorSetIdProto: "" is the default ONNX domain.
type OpsetID struct {
	Domain  string
	Version int64
}

// StringEntry is a StringStringEntryProto, one metadata_props entry.
type StringEntry struct{ Key, Value string }

// Graph is a GraphProto: nodes in topological order, the constants they
// read (initializers), and the graph's inputs and outputs.
type Graph struct {
	Name         string
	Nodes        []Node
	Initializers []Tensor
	DocString    string
	Inputs       []ValueInfo
	Outputs      []ValueInfo
}

// Node is a NodeProto: one operator applied to named values.
type Node struct {
	Inputs     []string
	Outputs    []string
	Name       string
	OpType     string
	Domain     string
	Attributes []Attribute
	DocString  string
}

// AttrType is AttributeProto.AttributeType.
type AttrType int32

// The attribute types this subset carries.
const (
	AttrFloat  AttrType = 1
	AttrInt    AttrType = 2
	AttrString AttrType = 3
	AttrFloats AttrType = 6
	AttrInts   AttrType = 7
)

// Attribute is an AttributeProto of a scalar or list type (no tensors or
// subgraphs): Type says which of the value fields holds it.
type Attribute struct {
	Name   string
	Type   AttrType
	F      float32
	I      int64
	S      string
	Floats []float32
	Ints   []int64
}

// Tensor is a TensorProto holding its elements little-endian in raw_data,
// as Marshal writes them; Unmarshal also reads float_data, int32_data,
// int64_data and double_data into Raw.
type Tensor struct {
	Name     string
	Dims     []int64
	DataType DataType
	Raw      []byte
}

// ValueInfo is a ValueInfoProto of a tensor type: its element type and
// shape, where a Dim with a Param is symbolic (a batch of any size, say).
type ValueInfo struct {
	Name      string
	ElemType  DataType
	Shape     []Dim
	DocString string
}

// Dim is one dimension of a ValueInfo's shape: Value, or the symbolic
// Param when that is not "".
type Dim struct {
	Value int64
	Param string
}
