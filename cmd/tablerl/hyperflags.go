package main

import (
	"flag"
	"fmt"
	"strings"

	"github.com/tablerl/tablerl/train"
)

// hyperFlags registers one flag per parameter the config describes (but a
// file's own), with the config's current value as default.
func hyperFlags(fs *flag.FlagSet, cfg train.Config) {
	for _, p := range cfg.Params() {
		if !p.FileOnly {
			fs.Var(p.Value, p.FlagName(), p.Usage)
		}
	}
}

// orList joins names as "a, b or c".
func orList(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return fmt.Sprintf("%s or %s", strings.Join(names[:len(names)-1], ", "), names[len(names)-1])
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}

// preScan finds a flag's value before the flag set exists (the algorithm and
// the config file decide which flags there are and their defaults).
func preScan(args []string, name, def string) string {
	for i, a := range args {
		for _, p := range []string{"-" + name, "--" + name} {
			if a == p && i+1 < len(args) {
				return args[i+1]
			}
			if strings.HasPrefix(a, p+"=") {
				return a[len(p)+1:]
			}
		}
	}
	return def
}
