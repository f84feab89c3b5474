package limits

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	for _, c := range []struct {
		in   string
		want func(*Limits)
		err  string
	}{
		{in: "", want: func(*Limits) {}},
		{in: "cells=1e9", want: func(l *Limits) { l.Cells = 1e9 }},
		{in: " horizon = 20_000 , episodes=5", want: func(l *Limits) { l.Horizon, l.Episodes = 20000, 5 }},
		{in: "cels=1", err: `unknown limit "cels"`},
		{in: "cells", err: "want key=value"},
		{in: "cells=0", err: "positive whole number"},
		{in: "cells=-3", err: "positive whole number"},
		{in: "cells=1.5", err: "positive whole number"},
		{in: "cells=1e30", err: "positive whole number"},
		{in: "cells=NaN", err: "positive whole number"},
	} {
		got, err := Parse(c.in, Default())
		if c.err != "" {
			if !errors.Is(err, ErrSetting) || !strings.Contains(err.Error(), c.err) {
				t.Errorf("Parse(%q): error %v, want one containing %q", c.in, err, c.err)
			}
			continue
		}
		want := Default()
		c.want(&want)
		if err != nil || got != want {
			t.Errorf("Parse(%q) = %+v, %v; want %+v", c.in, got, err, want)
		}
	}
}

func TestCheckAndMul(t *testing.T) {
	if err := Check("cells", "rows × columns", 10, 10); err != nil {
		t.Fatalf("at the limit: %v", err)
	}
	err := Check("cells", "rows × columns", 11, 10)
	if !errors.Is(err, ErrExceeded) || !strings.Contains(err.Error(), "TABLERL_LIMITS=cells=N") {
		t.Fatalf("over the limit: %v", err)
	}
	if Mul(1<<40, 1<<40) != math.MaxInt64 || Mul(-1, 3) != math.MaxInt64 || Mul(0, -1) != 0 || Mul(6, 7) != 42 {
		t.Fatal("Mul")
	}
	if !strings.Contains(Check("x", "y", math.MaxInt64, 1).Error(), "more than 9.2e18") {
		t.Fatal("an overflowed size")
	}
}

func TestSetCurrent(t *testing.T) {
	defer Set(Current())
	l := Default()
	l.Episodes = 7
	Set(l)
	if Current().Episodes != 7 {
		t.Fatal("Set did not take")
	}
	if len(Keys()) != 12 {
		t.Fatalf("keys %v", Keys())
	}
	got, err := FromEnv(func(string) string { return "bogus" })
	if err == nil || !strings.Contains(err.Error(), EnvVar) || got != Default() {
		t.Fatalf("FromEnv(bogus) = %+v, %v", got, err)
	}
}
