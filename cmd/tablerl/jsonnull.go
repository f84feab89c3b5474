package main

import (
	"bytes"
	"encoding/json"
	"math"
	"reflect"
	"strings"
)

// finiteJSON is v with every NaN or ±Inf number replaced by null, for
// encoding/json, which refuses them: a report holding one (a sum of huge
// rewards that overflowed, an undefined statistic) must still be written
// rather than fail at the end of a run. Structs keep their fields' order
// and json tags (names, omitempty, "-", embedded structs inlined); a value
// with its own MarshalJSON is used as it writes itself, and walked like
// any other when that fails.
func finiteJSON(v reflect.Value) any {
	if !v.IsValid() {
		return nil
	}
	if m, ok := v.Interface().(json.Marshaler); ok && (v.Kind() != reflect.Pointer || !v.IsNil()) {
		if b, err := m.MarshalJSON(); err == nil {
			return json.RawMessage(b)
		}
	}
	switch v.Kind() {
	case reflect.Float32, reflect.Float64:
		if f := v.Float(); math.IsNaN(f) || math.IsInf(f, 0) {
			return nil
		}
		return v.Interface()
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return finiteJSON(v.Elem())
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			return nil
		}
		out := make([]any, v.Len())
		for i := range out {
			out[i] = finiteJSON(v.Index(i))
		}
		return out
	case reflect.Map:
		if v.IsNil() {
			return nil
		}
		out := make(map[string]any, v.Len())
		for it := v.MapRange(); it.Next(); {
			k, _ := json.Marshal(it.Key().Interface())
			key := strings.Trim(string(k), `"`)
			out[key] = finiteJSON(it.Value())
		}
		return out
	case reflect.Struct:
		var obj orderedObject
		obj.addFields(v)
		return obj
	}
	return v.Interface()
}

// orderedObject is a JSON object whose keys keep a struct's field order.
type orderedObject struct {
	keys []string
	vals []any
}

// addFields adds v's exported fields as encoding/json names them.
func (o *orderedObject) addFields(v reflect.Value) {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		fv := v.Field(i)
		if f.Anonymous && name == "" && fv.Kind() == reflect.Struct {
			o.addFields(fv)
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		if strings.Contains(opts, "omitempty") && fv.IsZero() {
			continue
		}
		o.keys = append(o.keys, name)
		o.vals = append(o.vals, finiteJSON(fv))
	}
}

func (o orderedObject) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range o.keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		b.Write(kb)
		b.WriteByte(':')
		vb, err := json.Marshal(o.vals[i])
		if err != nil {
			return nil, err
		}
		b.Write(vb)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}
