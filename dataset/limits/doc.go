// Package limits holds the resource limits tablerl checks before it
// allocates: a line's length, a table's columns and cells, a spec's size,
// the horizon and the exact solution's size, the observation matrix, the
// networks, the rollouts and the episodes. A hostile or mistaken input (a
// 100 MB header, /dev/zero as a table, horizon: 1e12, --hidden 100000,100000)
// then fails at once with an error naming the limit, instead of exhausting
// memory or panicking in makeslice.
//
// The limits are process-wide, as GOMEMLIMIT is: one setting covers every
// command and every package that allocates, and the packages need no limit
// parameter threaded through their APIs. The defaults are generous for real
// work; a user who needs more raises a limit with the TABLERL_LIMITS
// environment variable (TABLERL_LIMITS=cells=1e9,horizon_states=1e9), which
// the command line reads through FromEnv, or a program calls Set.
package limits
