package data

import (
	_ "embed"

	"github.com/tablerl/tablerl/dataset/synth"
)

// DemoName is the demo table's file name, for messages.
const DemoName = "demo.txt"

// The demo table's length and seed, documented here so that it can be
// regenerated.
const (
	DemoRows        = 12000
	DemoSeed uint64 = 20240601
)

// Demo is the demo table: whitespace-separated text in the TeaStore schema.
//
//go:embed demo.txt
var Demo []byte

// DemoConfig returns the Config demo.txt is generated with.
func DemoConfig() synth.Config {
	c := synth.DefaultConfig()
	c.Rows, c.Seed = DemoRows, DemoSeed
	return c
}
