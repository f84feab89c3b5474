package ope

import (
	"fmt"

	"github.com/tablerl/tablerl/tableenv"
)

// Data is a log prepared for evaluation: its episodes as long as the
// horizon, cut to it.
type Data struct {
	Log *tableenv.Log
	// Episodes are the used episodes' transitions, each Horizon long.
	Episodes [][]tableenv.Transition
	// Dropped counts the episodes shorter than the horizon, left out.
	Dropped int
	// Mu[e][t] is the behaviour probability of episode e's action t.
	Mu [][]float64
}

// NewData prepares l; it fails when no episode is as long as the horizon.
func NewData(l *tableenv.Log) (*Data, error) {
	h := l.Model().Horizon()
	d := &Data{Log: l}
	for e := 0; e < l.NumEpisodes(); e++ {
		ep := l.Episode(e)
		if len(ep) < h {
			d.Dropped++
			continue
		}
		ep = ep[:h]
		mu := make([]float64, h)
		for t := range ep {
			mu[t] = l.Propensity(&ep[t])
		}
		d.Episodes = append(d.Episodes, ep)
		d.Mu = append(d.Mu, mu)
	}
	if len(d.Episodes) == 0 {
		return nil, fmt.Errorf("ope: no logged episode is as long as the horizon (%d transitions): set the spec's log.episodes.length to it", h)
	}
	return d, nil
}

// Starts are the used episodes' first rows.
func (d *Data) Starts() []int {
	s := make([]int, len(d.Episodes))
	for e, ep := range d.Episodes {
		s[e] = int(ep[0].Row)
	}
	return s
}
