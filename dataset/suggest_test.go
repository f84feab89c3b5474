package dataset

import "testing"

func TestEditDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"a", "", 1}, {"", "abc", 3}, {"train", "train", 0},
		{"tarin", "train", 1}, {"horzon", "horizon", 1}, {"kitten", "sitting", 3},
		{"ppo", "dqn", 3}, {"ca", "abc", 3}, {"größe", "grösse", 2},
	} {
		if got := editDistance(c.a, c.b); got != c.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
		if got := editDistance(c.b, c.a); got != c.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d (symmetric)", c.b, c.a, got, c.want)
		}
	}
}

func TestClosest(t *testing.T) {
	cmds := []string{"inspect", "sample", "convert", "gen", "train", "eval", "replay", "plot"}
	for _, c := range []struct {
		name  string
		known []string
		want  string // "" for no suggestion
	}{
		{"tarin", cmds, "train"},
		{"inspetc", cmds, "inspect"},
		{"evla", cmds, "eval"},
		{"TRAIN", cmds, "train"},
		{"frobnicate", cmds, ""},
		{"x", cmds, ""},
		{"", cmds, ""},
		{"horzon", []string{"name", "knobs", "horizon", "start"}, "horizon"},
		{"pop", []string{"ppo", "dqn", "qtable"}, "ppo"},
		{"dq", []string{"ppo", "dqn", "qtable"}, "dqn"},
		{"sac", []string{"ppo", "dqn", "qtable"}, ""},
		{"radnom", []string{"random", "noop", "optimal", "threshold", "target"}, "random"},
		{"train", []string{"train"}, ""}, // the name itself is no suggestion
	} {
		got, ok := Closest(c.name, c.known)
		if ok != (c.want != "") || got != c.want {
			t.Errorf("Closest(%q) = %q, %v; want %q", c.name, got, ok, c.want)
		}
	}
	if got := DidYouMean("tarin", cmds); got != ` (did you mean "train"?)` {
		t.Errorf("DidYouMean = %q", got)
	}
	if got := DidYouMean("zzz", cmds); got != "" {
		t.Errorf("DidYouMean(zzz) = %q, want empty", got)
	}
}
