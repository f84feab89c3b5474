// Copyright ©2025 The tablerl Authors. All rights reserved.

// Package onnx reads and writes the subset of the ONNX model format
// (onnx.proto) that tablerl's exported policies use: a model
// with one graph of nodes, constant tensors, typed inputs and outputs, and
// string metadata.
//
// The messages are encoded field by field with protowire, under the field
// numbers ONNX publishes, so no generated code or copy of onnx.proto is
// needed. Marshal is deterministic: the same Model gives the same bytes.
// Unmarshal reads what Marshal writes, and other writers' models as far as
// the subset goes: it skips fields it does not know, bounds every size
// before allocating, and reports malformed input as a *DecodeError naming
// the message, field and byte offset.
package onnx
