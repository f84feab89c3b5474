package limits_test

import (
	"errors"
	"fmt"

	"github.com/tablerl/tablerl/dataset/limits"
)

// A size is checked against its limit before anything is allocated; a
// setting in TABLERL_LIMITS's syntax raises one limit and keeps the rest.
func Example() {
	l := limits.Default()
	err := limits.Check("horizon", "the spec's horizon", 1_000_000_000_000, l.Horizon)
	fmt.Println(errors.Is(err, limits.ErrExceeded))

	raised, err := limits.Parse("horizon=2e12", l)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(limits.Check("horizon", "the spec's horizon", 1_000_000_000_000, raised.Horizon))
	fmt.Println(limits.Mul(1<<62, 4) == limits.Mul(1<<40, 1<<40)) // both saturate
	// Output:
	// true
	// <nil>
	// true
}
