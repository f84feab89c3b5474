package main

import (
	"flag"
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// hyperFlags registers one flag per field of the config struct cfg points at,
// named by its yaml tag with '-' for '_' (num_envs → --num-envs), with the
// field's current value as default. Fields named in skip are left out.
func hyperFlags(fs *flag.FlagSet, cfg any, skip ...string) {
	v := reflect.ValueOf(cfg).Elem()
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		tag := strings.Split(t.Field(i).Tag.Get("yaml"), ",")[0]
		if tag == "" || tag == "-" || contains(skip, tag) {
			continue
		}
		name := strings.ReplaceAll(tag, "_", "-")
		usage := fmt.Sprintf("hyperparameter %s", tag)
		f := v.Field(i)
		switch p := f.Addr().Interface().(type) {
		case *int:
			fs.IntVar(p, name, *p, usage)
		case *uint64:
			fs.Uint64Var(p, name, *p, usage)
		case *float64:
			fs.Float64Var(p, name, *p, usage)
		case *bool:
			fs.BoolVar(p, name, *p, usage)
		case *string:
			fs.StringVar(p, name, *p, usage)
		case *[]int:
			fs.Var((*intList)(p), name, usage+" (comma-separated)")
		}
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}

// intList is a flag.Value for a comma-separated list of whole numbers.
type intList []int

func (l *intList) String() string {
	if l == nil {
		return ""
	}
	parts := make([]string, len(*l))
	for i, x := range *l {
		parts[i] = strconv.Itoa(x)
	}
	return strings.Join(parts, ",")
}

func (l *intList) Set(s string) error {
	var out []int
	for _, p := range strings.Split(s, ",") {
		x, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil || x < 1 {
			return fmt.Errorf("want positive whole numbers separated by commas, got %q", s)
		}
		out = append(out, x)
	}
	*l = out
	return nil
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
