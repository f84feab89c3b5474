// Copyright ©2025 The tablerl Authors. All rights reserved.

package onnx

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"google.golang.org/protobuf/encoding/protowire"
)

// ErrMalformed marks input that is not an ONNX model of this subset.
var ErrMalformed = errors.New("malformed ONNX model")

// DecodeError is malformed input: where (the byte offset of the field's
// tag, and the field's path from the ModelProto) and what.
type DecodeError struct {
	Offset int
	Path   string
	Msg    string
}

func (e *DecodeError) Error() string {
	return fmt.Sprintf("onnx: byte %d: %s: %s", e.Offset, e.Path, e.Msg)
}

// Unwrap makes every DecodeError an ErrMalformed.
func (e *DecodeError) Unwrap() error { return ErrMalformed }

// Unmarshal decodes an ONNX ModelProto. Fields outside the subset are
// skipped; a field of the subset with the wrong wire type, a truncated or
// overlong value, or a tensor whose data does not fill its shape is a
// *DecodeError. Every slice it allocates is bounded by the input's length.
func Unmarshal(b []byte) (*Model, error) {
	m := new(Model)
	err := eachField(b, 0, "ModelProto", func(f field) (err error) {
		switch f.num {
		case modelIRVersion:
			m.IRVersion, err = f.int()
		case modelProducerName:
			m.ProducerName, err = f.str()
		case modelProducerVersion:
			m.ProducerVersion, err = f.str()
		case modelDomain:
			m.Domain, err = f.str()
		case modelModelVersion:
			m.ModelVersion, err = f.int()
		case modelDocString:
			m.DocString, err = f.str()
		case modelGraph:
			err = f.message(func(b []byte, base int) error { return decodeGraph(&m.Graph, b, base, f.path+".graph") })
		case modelOpsetImport:
			var o OpsetID
			err = f.message(func(b []byte, base int) error { return decodeOpset(&o, b, base, f.path+".opset_import") })
			m.OpsetImports = append(m.OpsetImports, o)
		case modelMetadataProps:
			var e StringEntry
			err = f.message(func(b []byte, base int) error { return decodeEntry(&e, b, base, f.path+".metadata_props") })
			m.Metadata = append(m.Metadata, e)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

func decodeOpset(o *OpsetID, b []byte, base int, path string) error {
	return eachField(b, base, path, func(f field) (err error) {
		switch f.num {
		case opsetDomain:
			o.Domain, err = f.str()
		case opsetVersion:
			o.Version, err = f.int()
		}
		return err
	})
}

func decodeEntry(e *StringEntry, b []byte, base int, path string) error {
	return eachField(b, base, path, func(f field) (err error) {
		switch f.num {
		case entryKey:
			e.Key, err = f.str()
		case entryValue:
			e.Value, err = f.str()
		}
		return err
	})
}

func decodeGraph(g *Graph, b []byte, base int, path string) error {
	return eachField(b, base, path, func(f field) (err error) {
		switch f.num {
		case graphNode:
			var n Node
			p := fmt.Sprintf("%s.node[%d]", path, len(g.Nodes))
			err = f.message(func(b []byte, base int) error { return decodeNode(&n, b, base, p) })
			g.Nodes = append(g.Nodes, n)
		case graphName:
			g.Name, err = f.str()
		case graphInitializer:
			var t Tensor
			p := fmt.Sprintf("%s.initializer[%d]", path, len(g.Initializers))
			err = f.message(func(b []byte, base int) error { return decodeTensor(&t, b, base, p) })
			g.Initializers = append(g.Initializers, t)
		case graphDocString:
			g.DocString, err = f.str()
		case graphInput, graphOutput:
			list, name := &g.Inputs, "input"
			if f.num == graphOutput {
				list, name = &g.Outputs, "output"
			}
			var v ValueInfo
			p := fmt.Sprintf("%s.%s[%d]", path, name, len(*list))
			err = f.message(func(b []byte, base int) error { return decodeValueInfo(&v, b, base, p) })
			*list = append(*list, v)
		}
		return err
	})
}

func decodeNode(n *Node, b []byte, base int, path string) error {
	return eachField(b, base, path, func(f field) (err error) {
		var s string
		switch f.num {
		case nodeInput:
			s, err = f.str()
			n.Inputs = append(n.Inputs, s)
		case nodeOutput:
			s, err = f.str()
			n.Outputs = append(n.Outputs, s)
		case nodeName:
			n.Name, err = f.str()
		case nodeOpType:
			n.OpType, err = f.str()
		case nodeDomain:
			n.Domain, err = f.str()
		case nodeDocString:
			n.DocString, err = f.str()
		case nodeAttribute:
			var a Attribute
			p := fmt.Sprintf("%s.attribute[%d]", path, len(n.Attributes))
			err = f.message(func(b []byte, base int) error { return decodeAttribute(&a, b, base, p) })
			n.Attributes = append(n.Attributes, a)
		}
		return err
	})
}

func decodeAttribute(a *Attribute, b []byte, base int, path string) error {
	return eachField(b, base, path, func(f field) (err error) {
		var v int64
		switch f.num {
		case attrName:
			a.Name, err = f.str()
		case attrType:
			v, err = f.int()
			a.Type = AttrType(v)
		case attrF:
			a.F, err = f.float()
		case attrI:
			a.I, err = f.int()
		case attrS:
			a.S, err = f.str()
		case attrFloats:
			a.Floats, err = f.floats(a.Floats)
		case attrInts:
			a.Ints, err = f.ints(a.Ints)
		}
		return err
	})
}

func decodeValueInfo(v *ValueInfo, b []byte, base int, path string) error {
	return eachField(b, base, path, func(f field) (err error) {
		switch f.num {
		case valueName:
			v.Name, err = f.str()
		case valueDocString:
			v.DocString, err = f.str()
		case valueType:
			err = f.message(func(b []byte, base int) error {
				return eachField(b, base, f.path+".type", func(f field) error {
					if f.num != typeTensorType {
						return nil // sequence, map and optional types: not in this subset
					}
					return f.message(func(b []byte, base int) error { return decodeTensorType(v, b, base, f.path+".tensor_type") })
				})
			})
		}
		return err
	})
}

func decodeTensorType(v *ValueInfo, b []byte, base int, path string) error {
	return eachField(b, base, path, func(f field) (err error) {
		switch f.num {
		case tensorTypeElemType:
			var t int64
			t, err = f.int()
			v.ElemType = DataType(t)
		case tensorTypeShape:
			err = f.message(func(b []byte, base int) error {
				return eachField(b, base, f.path+".shape", func(f field) error {
					if f.num != shapeDim {
						return nil
					}
					var d Dim
					err := f.message(func(b []byte, base int) error {
						return eachField(b, base, f.path+".dim", func(f field) (err error) {
							switch f.num {
							case dimValue:
								d.Value, err = f.int()
							case dimParam:
								d.Param, err = f.str()
							}
							return err
						})
					})
					v.Shape = append(v.Shape, d)
					return err
				})
			})
		}
		return err
	})
}

// decodeTensor reads a tensor's elements from raw_data or from the typed
// field of its data type, into Raw, and checks they fill its shape.
func decodeTensor(t *Tensor, b []byte, base int, path string) error {
	typed := DataType(0) // the type the typed data field used implies
	var typedAt int
	err := eachField(b, base, path, func(f field) (err error) {
		var dt DataType
		switch f.num {
		case tensorDims:
			t.Dims, err = f.ints(t.Dims)
			return err
		case tensorDataType:
			var v int64
			v, err = f.int()
			t.DataType = DataType(v)
			return err
		case tensorName:
			t.Name, err = f.str()
			return err
		case tensorRawData:
			if f.typ != protowire.BytesType {
				return f.wrongType(protowire.BytesType)
			}
			t.Raw = append(t.Raw[:0:0], f.b...)
			return nil
		case tensorFloatData:
			var fs []float32
			if fs, err = f.floats(nil); err == nil {
				for _, x := range fs {
					t.Raw = binary.LittleEndian.AppendUint32(t.Raw, math.Float32bits(x))
				}
			}
			dt = Float
		case tensorDoubleData:
			var ds []uint64
			if ds, err = f.fixed64s(nil); err == nil {
				for _, x := range ds {
					t.Raw = binary.LittleEndian.AppendUint64(t.Raw, x)
				}
			}
			dt = Double
		case tensorInt32Data, tensorInt64Data:
			var vs []int64
			if vs, err = f.ints(nil); err == nil {
				for _, x := range vs {
					if f.num == tensorInt32Data {
						t.Raw = binary.LittleEndian.AppendUint32(t.Raw, uint32(int32(x)))
					} else {
						t.Raw = binary.LittleEndian.AppendUint64(t.Raw, uint64(x))
					}
				}
			}
			dt = Int32
			if f.num == tensorInt64Data {
				dt = Int64
			}
		default:
			return nil
		}
		if typed != 0 && typed != dt {
			return &DecodeError{Offset: f.off, Path: path, Msg: "elements in two typed data fields"}
		}
		typed, typedAt = dt, f.off
		return err
	})
	if err != nil {
		return err
	}
	if typed != 0 && typed != t.DataType {
		return &DecodeError{Offset: typedAt, Path: path, Msg: fmt.Sprintf("typed data of type %d in a tensor of type %d (this subset reads float, double, int32 and int64 data fields)", typed, t.DataType)}
	}
	size := t.DataType.Size()
	if size == 0 {
		return nil // a type outside the subset: its bytes are kept unchecked
	}
	n := 1
	for _, d := range t.Dims {
		if d < 0 || d > int64(len(t.Raw)) || (d > 0 && n > len(t.Raw)/int(d)) {
			return &DecodeError{Offset: base, Path: path, Msg: fmt.Sprintf("shape %v does not fit its %d bytes of data", t.Dims, len(t.Raw))}
		}
		n *= int(d)
	}
	if n*size != len(t.Raw) {
		return &DecodeError{Offset: base, Path: path, Msg: fmt.Sprintf("shape %v needs %d bytes of data, it has %d", t.Dims, n*size, len(t.Raw))}
	}
	return nil
}

// Size is the width of one element in bytes, 0 for a type outside the subset.
func (t DataType) Size() int {
	switch t {
	case Float, Int32:
		return 4
	case Int64, Double:
		return 8
	}
	return 0
}
