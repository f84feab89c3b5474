package main

import (
	"fmt"
	"io"

	"github.com/tablerl/tablerl/tableenv"
)

// dynamicsReport is inspect's account of a dynamic spec: the series, how
// often a configuration's nearest recorded load level stands in, and the
// best static policy (the report's optimal and random returns are then the
// clairvoyant optimum's and the random policy's, from tableenv.Solve).
type dynamicsReport struct {
	SeriesSteps int `json:"series_steps"`
	// Fallbacks of FallbackPairs (series position, configuration) pairs
	// where the configuration has no rows at the position's load level.
	Fallbacks     int     `json:"fallbacks"`
	FallbackPairs int     `json:"fallback_pairs"`
	Pipelines     int     `json:"pipelines"`
	Static        float64 `json:"static_return"`
	StaticConfig  string  `json:"static_config"`
}

func newDynamicsReport(m *tableenv.Model) (*dynamicsReport, error) {
	y, err := tableenv.SolveDynamic(m)
	if err != nil {
		return nil, err
	}
	r := &dynamicsReport{SeriesSteps: m.SeriesLen(), Pipelines: y.Pipelines, Static: y.Static, StaticConfig: y.StaticConfig}
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
