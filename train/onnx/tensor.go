// Copyright ©2025 The tablerl Authors. All rights reserved.

package onnx

import (
	"encoding/binary"
	"fmt"
	"math"
)

// FloatTensor returns a float32 tensor of shape dims holding vals, each
// rounded to the nearest float32.
func FloatTensor(name string, dims []int64, vals []float64) Tensor {
	raw := make([]byte, 0, 4*len(vals))
	for _, v := range vals {
		raw = binary.LittleEndian.AppendUint32(raw, math.Float32bits(float32(v)))
	}
	return Tensor{Name: name, Dims: dims, DataType: Float, Raw: raw}
}

// Int64Tensor returns an int64 tensor of shape dims holding vals.
func Int64Tensor(name string, dims []int64, vals []int64) Tensor {
	raw := make([]byte, 0, 8*len(vals))
	for _, v := range vals {
		raw = binary.LittleEndian.AppendUint64(raw, uint64(v))
	}
	return Tensor{Name: name, Dims: dims, DataType: Int64, Raw: raw}
}

// Floats returns a float32 tensor's elements.
func (t *Tensor) Floats() ([]float32, error) {
	if t.DataType != Float || len(t.Raw)%4 != 0 {
		return nil, fmt.Errorf("onnx: tensor %q is of type %d with %d bytes, not float32", t.Name, t.DataType, len(t.Raw))
	}
	out := make([]float32, len(t.Raw)/4)
	for i := range out {
		out[i] = math.Float32frombits(binary.LittleEndian.Uint32(t.Raw[4*i:]))
	}
	return out, nil
}

// Int64s returns an int64 tensor's elements.
func (t *Tensor) Int64s() ([]int64, error) {
	if t.DataType != Int64 || len(t.Raw)%8 != 0 {
		return nil, fmt.Errorf("onnx: tensor %q is of type %d with %d bytes, not int64", t.Name, t.DataType, len(t.Raw))
	}
	out := make([]int64, len(t.Raw)/8)
	for i := range out {
		out[i] = int64(binary.LittleEndian.Uint64(t.Raw[8*i:]))
	}
	return out, nil
}
