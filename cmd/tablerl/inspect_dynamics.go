package main

import (
	"fmt"
	"io"

	"github.com/tablerl/tablerl/tableenv"
)

// dynamicsReport is inspect's account of a dynamic spec: the series, how
// often a configuration's nearest recorded load level stands in, and the
// exact yardsticks.
type dynamicsReport struct {
	SeriesSteps int `json:"series_steps"`
	// Fallbacks of FallbackPairs (series position, configuration) pairs
	// where the configuration has no rows at the position's load level.
	Fallbacks     int     `json:"fallbacks"`
	FallbackPairs int     `json:"fallback_pairs"`
	Pipelines     int     `json:"pipelines"`
	Clairvoyant   float64 `json:"clairvoyant_return"`
	Static        float64 `json:"static_return"`
	StaticConfig  string  `json:"static_config"`

	random float64
}

func newDynamicsReport(m *tableenv.Model) (*dynamicsReport, error) {
	y, err := tableenv.SolveDynamic(m)
	if err != nil {
		return nil, err
	}
	r := &dynamicsReport{SeriesSteps: m.SeriesLen(), Pipelines: y.Pipelines, Clairvoyant: y.Optimal,
		Static: y.Static, StaticConfig: y.StaticConfig, random: y.Random}
	r.Fallbacks, r.FallbackPairs = m.FallbackCount()
	return r, nil
}

func (r *dynamicsReport) print(w io.Writer) {
	fmt.Fprintf(w, "  best static     %10.4f  (%s held for the episode)\n", r.Static, r.StaticConfig)
	fmt.Fprintf(w, "\ndynamics        %d reachable (configuration, pending) states", r.Pipelines)
	if r.SeriesSteps > 0 {
		fmt.Fprintf(w, ", load series of %d steps; nearest-level fallback in %d of %d (step, configuration) pairs", r.SeriesSteps, r.Fallbacks, r.FallbackPairs)
	}
	fmt.Fprintln(w)
}
