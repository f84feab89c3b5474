package train

import (
	"flag"
	"fmt"
	"strconv"
	"strings"
)

// Param describes one hyperparameter of a Config, bound to its field: a
// command line registers Value as a flag, a YAML file sets the field by Name.
type Param struct {
	// Name is the parameter's YAML key: num_envs.
	Name string
	// Flag is its command-line name when that is not Name with '-' for '_'.
	Flag string
	// Usage says what it does, for --help.
	Usage string
	// Value reads and sets the field.
	Value flag.Value
	// FileOnly is set in a config file only, never by a flag: the command
	// line's flag of that name means something else (start_row: --start-row
	// moves the spec's start).
	FileOnly bool
}

// FlagName is the parameter's command-line name: num_envs → num-envs.
func (p Param) FlagName() string {
	if p.Flag != "" {
		return p.Flag
	}
	return strings.ReplaceAll(p.Name, "_", "-")
}

// The flag.Values of config fields, as the flag package's own (which it
// does not export).
type (
	intValue    int
	uint64Value uint64
	floatValue  float64
	boolValue   bool
	stringValue string
	intsValue   []int
)

func (v *intValue) String() string { return strconv.Itoa(int(*v)) }
func (v *intValue) Set(s string) error {
	x, err := strconv.ParseInt(s, 0, strconv.IntSize)
	if err != nil {
		return fmt.Errorf("want a whole number, got %q", s)
	}
	*v = intValue(x)
	return nil
}

func (v *uint64Value) String() string { return strconv.FormatUint(uint64(*v), 10) }
func (v *uint64Value) Set(s string) error {
	x, err := strconv.ParseUint(s, 0, 64)
	if err != nil {
		return fmt.Errorf("want a non-negative whole number, got %q", s)
	}
	*v = uint64Value(x)
	return nil
}

func (v *floatValue) String() string { return strconv.FormatFloat(float64(*v), 'g', -1, 64) }
func (v *floatValue) Set(s string) error {
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return fmt.Errorf("want a number, got %q", s)
	}
	*v = floatValue(x)
	return nil
}

func (v *boolValue) String() string   { return strconv.FormatBool(bool(*v)) }
func (v *boolValue) IsBoolFlag() bool { return true }
func (v *boolValue) Set(s string) error {
	x, err := strconv.ParseBool(s)
	if err != nil {
		return fmt.Errorf("want true or false, got %q", s)
	}
	*v = boolValue(x)
	return nil
}

func (v *stringValue) String() string     { return string(*v) }
func (v *stringValue) Set(s string) error { *v = stringValue(s); return nil }

// intsValue is a comma-separated list of positive whole numbers (layer
// widths); the empty string is the empty list, as a default left to be
// sized from the table prints.
func (v *intsValue) String() string {
	if v == nil {
		return ""
	}
	parts := make([]string, len(*v))
	for i, x := range *v {
		parts[i] = strconv.Itoa(x)
	}
	return strings.Join(parts, ",")
}

func (v *intsValue) Set(s string) error {
	if strings.TrimSpace(s) == "" {
		*v = nil
		return nil
	}
	var out []int
	for _, p := range strings.Split(s, ",") {
		x, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil || x < 1 {
			return fmt.Errorf("want positive whole numbers separated by commas, got %q", s)
		}
		out = append(out, x)
	}
	*v = out
	return nil
}
