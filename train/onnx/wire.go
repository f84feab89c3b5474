// Copyright ©2025 The tablerl Authors. All rights reserved.

package onnx

import (
	"fmt"
	"math"

	"google.golang.org/protobuf/encoding/protowire"
)

// field is one decoded field of a message: its number and wire type, its
// varint or fixed value or its bytes, and where it stands.
type field struct {
	num  protowire.Number
	typ  protowire.Type
	v    uint64
	b    []byte
	off  int    // the tag's offset in the whole input
	boff int    // the offset of b's first byte
	path string // the message's path
}

// eachField calls fn on every field of the message b, which starts at
// offset base of the input, in order. Groups (deprecated) are skipped.
func eachField(b []byte, base int, path string, fn func(field) error) error {
	for off := 0; off < len(b); {
		num, typ, n := protowire.ConsumeTag(b[off:])
		if n < 0 {
			return &DecodeError{Offset: base + off, Path: path, Msg: "bad field tag: " + protowire.ParseError(n).Error()}
		}
		f := field{num: num, typ: typ, off: base + off, path: path}
		rest := b[off+n:]
		var m int
		switch typ {
		case protowire.VarintType:
			f.v, m = protowire.ConsumeVarint(rest)
		case protowire.Fixed32Type:
			var v uint32
			v, m = protowire.ConsumeFixed32(rest)
			f.v = uint64(v)
		case protowire.Fixed64Type:
			f.v, m = protowire.ConsumeFixed64(rest)
		case protowire.BytesType:
			f.b, m = protowire.ConsumeBytes(rest)
			if m >= 0 {
				f.boff = base + off + n + m - len(f.b)
			}
		default:
			m = protowire.ConsumeFieldValue(num, typ, rest)
		}
		if m < 0 {
			return &DecodeError{Offset: f.off, Path: path, Msg: fmt.Sprintf("field %d: %v", num, protowire.ParseError(m))}
		}
		if err := fn(f); err != nil {
			return err
		}
		off += n + m
	}
	return nil
}

func (f field) wrongType(want protowire.Type) error {
	return &DecodeError{Offset: f.off, Path: f.path, Msg: fmt.Sprintf("field %d has wire type %d, want %d", f.num, f.typ, want)}
}

func (f field) str() (string, error) {
	if f.typ != protowire.BytesType {
		return "", f.wrongType(protowire.BytesType)
	}
	return string(f.b), nil
}

func (f field) int() (int64, error) {
	if f.typ != protowire.VarintType {
		return 0, f.wrongType(protowire.VarintType)
	}
	return int64(f.v), nil
}

func (f field) float() (float32, error) {
	if f.typ != protowire.Fixed32Type {
		return 0, f.wrongType(protowire.Fixed32Type)
	}
	return math.Float32frombits(uint32(f.v)), nil
}

// message decodes the embedded message f holds with fn.
func (f field) message(fn func(b []byte, base int) error) error {
	if f.typ != protowire.BytesType {
		return f.wrongType(protowire.BytesType)
	}
	return fn(f.b, f.boff)
}

// ints appends a repeated varint field's values, unpacked (one per field)
// or packed (a run of varints in one bytes field), as parsers must accept.
func (f field) ints(dst []int64) ([]int64, error) {
	switch f.typ {
	case protowire.VarintType:
		return append(dst, int64(f.v)), nil
	case protowire.BytesType:
		for b := f.b; len(b) > 0; {
			v, n := protowire.ConsumeVarint(b)
			if n < 0 {
				return dst, &DecodeError{Offset: f.boff + len(f.b) - len(b), Path: f.path, Msg: fmt.Sprintf("packed field %d: %v", f.num, protowire.ParseError(n))}
			}
			dst = append(dst, int64(v))
			b = b[n:]
		}
		return dst, nil
	}
	return dst, f.wrongType(protowire.VarintType)
}

// floats appends a repeated float field's values, unpacked or packed.
func (f field) floats(dst []float32) ([]float32, error) {
	switch f.typ {
	case protowire.Fixed32Type:
		return append(dst, math.Float32frombits(uint32(f.v))), nil
	case protowire.BytesType:
		if len(f.b)%4 != 0 {
			return dst, &DecodeError{Offset: f.off, Path: f.path, Msg: fmt.Sprintf("packed field %d: %d bytes, not a whole number of floats", f.num, len(f.b))}
		}
		for b := f.b; len(b) > 0; b = b[4:] {
			v, _ := protowire.ConsumeFixed32(b)
			dst = append(dst, math.Float32frombits(v))
		}
		return dst, nil
	}
	return dst, f.wrongType(protowire.Fixed32Type)
}

// fixed64s appends a repeated double field's bits, unpacked or packed.
func (f field) fixed64s(dst []uint64) ([]uint64, error) {
	switch f.typ {
	case protowire.Fixed64Type:
		return append(dst, f.v), nil
	case protowire.BytesType:
		if len(f.b)%8 != 0 {
			return dst, &DecodeError{Offset: f.off, Path: f.path, Msg: fmt.Sprintf("packed field %d: %d bytes, not a whole number of doubles", f.num, len(f.b))}
		}
		for b := f.b; len(b) > 0; b = b[8:] {
			v, _ := protowire.ConsumeFixed64(b)
			dst = append(dst, v)
		}
		return dst, nil
	}
	return dst, f.wrongType(protowire.Fixed64Type)
}
