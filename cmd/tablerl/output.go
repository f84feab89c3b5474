package main

import (
	"encoding/json"
	"io"
)

// writeJSON prints v as the command's one JSON object.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
