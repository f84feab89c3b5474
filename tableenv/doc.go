// Package tableenv turns a recorded metric table into a reinforcement-learning
// environment, and solves that environment exactly.
//
// The state is a configuration — one level per knob of the spec — together
// with the episode's context values. An action is the no-op or a move of one
// knob by one level (action 0 no-op, then +1 and −1 for each knob in the
// spec's order). After a move, if the table has rows of the new configuration
// (and context), one of them is drawn uniformly: its reward is earned and its
// metrics observed. Otherwise the move is invalid: the spec's penalty is earned
// and the state stays. An episode is truncated after the spec's horizon.
//
// A Model is built once from a table and a spec: it indexes the table by state
// and precomputes each state's successor under each action, so that a step is a
// few array reads whatever the table's size, with no allocation. Env steps one
// episode at a time with gymnasium's semantics (Reset, Step); Batch steps N
// environments together for learners.
//
// An observation is, in Model.ObsNames order: the knob levels (1..n), the
// spec's observe columns of the drawn row, the context values, one
// indicator per move action that is 1 where the move leads to a recorded
// configuration ("recorded:+replicas"), and the knob levels and context
// one-hot ("replicas=3", "expected_tps=600"). The indicators tell a learner
// the table's coverage directly instead of through invalid-move penalties;
// the one-hot blocks let it tell neighbouring states apart sharply.
//
// A live decision starts from values, not a row: Model.Place maps a
// running service's configuration to the nearest recorded levels, its
// context to the nearest recorded tuple, and builds the observation a row
// there would have; Target, MoveAction and StateAt answer where moves lead.
// These, with the observation's building, are the only place that does
// level arithmetic. A Layout (levels, contexts, recorded states) travels in
// a policy file, and NewLiveModel rebuilds a row-less Model that decides.
//
// Because a step's outcome depends only on the state and the action, the
// finite-horizon problem is solved exactly by dynamic programming over the
// recorded states: Solve gives the optimal expected return from any start, the
// uniformly random policy's expected return, and the optimal policy itself.
//
// A dynamic spec (load:, delay:, change_cost: or an actions: set other than
// ±1) adds time: the context follows a load series, knob changes take
// effect after a delay (the pending ones are part of the state and the
// observation), and the action set may move several levels or to any
// recorded configuration (dynamics.go, dynenv.go). Its exact yardsticks are
// the clairvoyant optimum, a dynamic program over (series position,
// pipeline of pending changes), the random policy's value and the best
// static policy (SolveDynamic). A plain spec's Env never touches any of it.
package tableenv
