// Copyright ©2025 The tablerl Authors. All rights reserved.

package onnx

import "google.golang.org/protobuf/encoding/protowire"

// The field numbers of onnx.proto's messages in this subset, shared by the
// encoder and the decoder.
const (
	modelIRVersion       protowire.Number = 1
	modelProducerName    protowire.Number = 2
	modelProducerVersion protowire.Number = 3
	modelDomain          protowire.Number = 4
	modelModelVersion    protowire.Number = 5
	modelDocString       protowire.Number = 6
	modelGraph           protowire.Number = 7
	modelOpsetImport     protowire.Number = 8
	modelMetadataProps   protowire.Number = 14

	opsetDomain  protowire.Number = 1
	opsetVersion protowire.Number = 2

	entryKey   protowire.Number = 1
	entryValue protowire.Number = 2

	graphNode        protowire.Number = 1
	graphName        protowire.Number = 2
	graphInitializer protowire.Number = 5
	graphDocString   protowire.Number = 10
	graphInput       protowire.Number = 11
	graphOutput      protowire.Number = 12

	nodeInput     protowire.Number = 1
	nodeOutput    protowire.Number = 2
	nodeName      protowire.Number = 3
	nodeOpType    protowire.Number = 4
	nodeAttribute protowire.Number = 5
	nodeDocString protowire.Number = 6
	nodeDomain    protowire.Number = 7

	attrName   protowire.Number = 1
	attrF      protowire.Number = 2
	attrI      protowire.Number = 3
	attrS      protowire.Number = 4
	attrFloats protowire.Number = 7
	attrInts   protowire.Number = 8
	attrType   protowire.Number = 20

	tensorDims       protowire.Number = 1
	tensorDataType   protowire.Number = 2
	tensorFloatData  protowire.Number = 4
	tensorInt32Data  protowire.Number = 5
	tensorInt64Data  protowire.Number = 7
	tensorName       protowire.Number = 8
	tensorRawData    protowire.Number = 9
	tensorDoubleData protowire.Number = 10

	valueName      protowire.Number = 1
	valueType      protowire.Number = 2
	valueDocString protowire.Number = 3

	typeTensorType protowire.Number = 1 // TypeProto.tensor_type

	tensorTypeElemType protowire.Number = 1 // TypeProto.Tensor
	tensorTypeShape    protowire.Number = 2

	shapeDim protowire.Number = 1 // TensorShapeProto

	dimValue protowire.Number = 1 // TensorShapeProto.Dimension
	dimParam protowire.Number = 2
)
