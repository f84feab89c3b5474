// Copyright ©2025 The tablerl Authors. All rights reserved.

package onnx

import (
	"math"

	"google.golang.org/protobuf/encoding/protowire"
)

// Marshal encodes m as an ONNX ModelProto. Fields are written in a fixed
// order and repeated scalars unpacked, as proto2 (onnx.proto's syntax)
// writes them, so equal models give equal bytes.
func Marshal(m *Model) []byte {
	var b []byte
	b = appendInt(b, modelIRVersion, m.IRVersion)
	b = appendString(b, modelProducerName, m.ProducerName)
	b = appendString(b, modelProducerVersion, m.ProducerVersion)
	b = appendString(b, modelDomain, m.Domain)
	if m.ModelVersion != 0 {
		b = appendInt(b, modelModelVersion, m.ModelVersion)
	}
	b = appendString(b, modelDocString, m.DocString)
	b = appendMessage(b, modelGraph, encodeGraph(&m.Graph))
	for _, o := range m.OpsetImports {
		var ob []byte
		ob = appendString(ob, opsetDomain, o.Domain)
		ob = appendInt(ob, opsetVersion, o.Version)
		b = appendMessage(b, modelOpsetImport, ob)
	}
	for _, e := range m.Metadata {
		var eb []byte
		eb = appendString(eb, entryKey, e.Key)
		eb = appendString(eb, entryValue, e.Value)
		b = appendMessage(b, modelMetadataProps, eb)
	}
	return b
}

func encodeGraph(g *Graph) []byte {
	var b []byte
	for i := range g.Nodes {
		b = appendMessage(b, graphNode, encodeNode(&g.Nodes[i]))
	}
	b = appendString(b, graphName, g.Name)
	for i := range g.Initializers {
		b = appendMessage(b, graphInitializer, encodeTensor(&g.Initializers[i]))
	}
	b = appendString(b, graphDocString, g.DocString)
	for i := range g.Inputs {
		b = appendMessage(b, graphInput, encodeValueInfo(&g.Inputs[i]))
	}
	for i := range g.Outputs {
		b = appendMessage(b, graphOutput, encodeValueInfo(&g.Outputs[i]))
	}
	return b
}

func encodeNode(n *Node) []byte {
	var b []byte
	for _, s := range n.Inputs {
		b = protowire.AppendTag(b, nodeInput, protowire.BytesType)
		b = protowire.AppendString(b, s) // "" is an omitted optional input: kept
	}
	for _, s := range n.Outputs {
		b = protowire.AppendTag(b, nodeOutput, protowire.BytesType)
		b = protowire.AppendString(b, s)
	}
	b = appendString(b, nodeName, n.Name)
	b = appendString(b, nodeOpType, n.OpType)
	for i := range n.Attributes {
		b = appendMessage(b, nodeAttribute, encodeAttribute(&n.Attributes[i]))
	}
	b = appendString(b, nodeDocString, n.DocString)
	b = appendString(b, nodeDomain, n.Domain)
	return b
}

// encodeAttribute writes the value field of a's type, even a zero one, and
// the type discriminator that IR version 2 on requires.
func encodeAttribute(a *Attribute) []byte {
	var b []byte
	b = appendString(b, attrName, a.Name)
	switch a.Type {
	case AttrFloat:
		b = appendFloat(b, attrF, a.F)
	case AttrInt:
		b = appendInt(b, attrI, a.I)
	case AttrString:
		b = protowire.AppendTag(b, attrS, protowire.BytesType)
		b = protowire.AppendString(b, a.S)
	case AttrFloats:
		for _, f := range a.Floats {
			b = appendFloat(b, attrFloats, f)
		}
	case AttrInts:
		for _, v := range a.Ints {
			b = appendInt(b, attrInts, v)
		}
	}
	return appendInt(b, attrType, int64(a.Type))
}

func encodeTensor(t *Tensor) []byte {
	var b []byte
	for _, d := range t.Dims {
		b = appendInt(b, tensorDims, d)
	}
	b = appendInt(b, tensorDataType, int64(t.DataType))
	b = appendString(b, tensorName, t.Name)
	b = protowire.AppendTag(b, tensorRawData, protowire.BytesType)
	return protowire.AppendBytes(b, t.Raw)
}

func encodeValueInfo(v *ValueInfo) []byte {
	var shape []byte
	for _, d := range v.Shape {
		var db []byte
		if d.Param != "" {
			db = appendString(db, dimParam, d.Param)
		} else {
			db = appendInt(db, dimValue, d.Value)
		}
		shape = appendMessage(shape, shapeDim, db)
	}
	var tt []byte
	tt = appendInt(tt, tensorTypeElemType, int64(v.ElemType))
	tt = appendMessage(tt, tensorTypeShape, shape)
	var b []byte
	b = appendString(b, valueName, v.Name)
	b = appendMessage(b, valueType, appendMessage(nil, typeTensorType, tt))
	return appendString(b, valueDocString, v.DocString)
}

// appendString writes a string field, omitted when empty (proto2 optional).
func appendString(b []byte, num protowire.Number, s string) []byte {
	if s == "" {
		return b
	}
	b = protowire.AppendTag(b, num, protowire.BytesType)
	return protowire.AppendString(b, s)
}

func appendInt(b []byte, num protowire.Number, v int64) []byte {
	b = protowire.AppendTag(b, num, protowire.VarintType)
	return protowire.AppendVarint(b, uint64(v))
}

func appendFloat(b []byte, num protowire.Number, f float32) []byte {
	b = protowire.AppendTag(b, num, protowire.Fixed32Type)
	return protowire.AppendFixed32(b, math.Float32bits(f))
}

func appendMessage(b []byte, num protowire.Number, msg []byte) []byte {
	b = protowire.AppendTag(b, num, protowire.BytesType)
	return protowire.AppendBytes(b, msg)
}
