package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/tablerl/tablerl/dataset"
	"github.com/tablerl/tablerl/dataset/limits"
	"github.com/tablerl/tablerl/train"
	"go.yaml.in/yaml/v3"
)

// readConfig sets cfg from a YAML file of hyperparameters, {algo: NAME,
// params: {key: value, …}} as writeConfig writes it. Each value goes through
// its parameter's own setter, as a flag's does, rather than through yaml's
// decoder: the errors then read like a spec's, naming the file, the line and
// the key (cfg.yaml:4: params.lr: want a number, got "fast"), not a Go type,
// and a misspelt key gets a suggestion.
func readConfig(path, algo string, cfg train.Config) error {
	b, err := dataset.ReadYAMLFile(path) // within the spec_bytes limit
	if err != nil {
		if !errors.Is(err, limits.ErrExceeded) {
			err = dataset.FileError(err)
		}
		return &dataset.SpecError{File: path, Err: err}
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil // an empty file: the defaults
		}
		return dataset.YAMLError(path, err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		line := extra.Line
		if err != nil {
			return dataset.YAMLError(path, err)
		}
		return &dataset.SpecError{File: path, Line: line, Err: errors.New("a second YAML document; a config file holds one")}
	}
	fail := func(n *yaml.Node, key, format string, a ...any) error {
		return &dataset.SpecError{File: path, Line: n.Line, Key: key, Err: fmt.Errorf(format, a...)}
	}
	root := doc.Content[0]
	top, serr := dataset.YAMLMapping(path, root, "", []string{"algo", "params"})
	if serr != nil {
		return serr
	}
	if n := top["algo"]; n != nil {
		if n.Kind != yaml.ScalarNode {
			return fail(n, "algo", "want an algorithm's name")
		}
		if n.Value != algo {
			return fail(n, "algo", "the file is for %q, not %s", n.Value, algo)
		}
	}
	n := top["params"]
	if n == nil || n.Tag == "!!null" {
		return nil
	}
	params := cfg.Params()
	names := make([]string, len(params))
	for i, p := range params {
		names[i] = p.Name
	}
	values, serr := dataset.YAMLMapping(path, n, "params", names)
	if serr != nil {
		return serr
	}
	for _, p := range params {
		v := values[p.Name]
		if v == nil {
			continue
		}
		key := "params." + p.Name
		text, ok := scalarText(v)
		if !ok {
			return fail(v, key, "want a value or a list of values, not a mapping")
		}
		if err := p.Value.Set(text); err != nil {
			return fail(v, key, "%v", err)
		}
	}
	return nil
}

// scalarText is a value as a flag would give it: a scalar's text, or a list
// of scalars joined by commas (hidden: [64, 64] is --hidden 64,64).
func scalarText(n *yaml.Node) (string, bool) {
	switch n.Kind {
	case yaml.ScalarNode:
		return n.Value, true
	case yaml.SequenceNode:
		parts := make([]string, len(n.Content))
		for i, c := range n.Content {
			if c.Kind != yaml.ScalarNode {
				return "", false
			}
			parts[i] = c.Value
		}
		return strings.Join(parts, ","), true
	}
	return "", false
}
