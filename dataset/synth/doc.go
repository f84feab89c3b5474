// Package synth generates synthetic recorded tables of two kinds: logged
// trajectories in the TeaStore schema (Generate), so that the built-in
// TeaStore spec applies to them as it is, and configuration-sweep tables with
// a spec of their own (GenerateSweep, SweepSpec), of which Suite names the
// learners' benchmark. The models of the service below are tablerl's own:
// they are meant to be plausible and to make the scaling trade-off real, not
// to reproduce TeaStore's numbers. The sections up to Determinism describe
// the trajectory; Sweep tables the other kind.
//
// # Table
//
// Whitespace-separated text: one header line, then one row per interval of
// one minute, each cell right-aligned as in TeaStore's table. The 17 columns,
// named as TeaStore names them (names repeat; readers that de-duplicate as
// pandas does see the names in parentheses):
//
//	re heap cpu          the configuration of the row: replicas 1–9, heap 100–900 MB, CPU limit 100–900 millicores
//	inc_tps out_tps      offered and served load, transactions per second (3 decimals; nan when missing)
//	max_sess curr_sess   sessions: the busiest replica's peak, and all open at the interval's end
//	cpu (cpu.1) ram      fractions of CPU and RAM used, 0–1 (4 decimals)
//	cost                 the interval's cost (4 decimals)
//	goodness reward      figures of an earlier experiment in TeaStore; derived as below, unused by the spec
//	re heap cpu (re.1 heap.1 cpu.2)  the next row's configuration, the CPU in cores 0.1–0.9
//	actionstate          <re>-<heap>-<cpu>-<action>: the previous row's configuration and the action taken
//	Qvalue               as goodness and reward
//
// # Trajectory
//
// The rows are one logged trajectory over the 9×9×9 grid of configurations.
// An exploring agent starts at a configuration drawn uniformly and after
// each interval takes one action: 0 no-op, 1 +replica, 2 −replica, 3 +CPU,
// 4 −CPU, 5 +heap, 6 −heap (steps of one replica, 100 MB, 100 millicores),
// never leaving the grid. With probability Config.Bias it moves one step
// toward the nearest configuration with the fewest rows so far (ties broken
// at random); otherwise it draws uniformly among the actions that stay in
// the grid. The bias is what covers the grid: with the defaults every one of
// the 729 configurations has rows from about 3,000–5,000 rows on, and the
// rows per configuration stay even after that. Shorter tables cover the grid
// sparsely, as a short recording would; that is a feature: they are test
// cases for configurations without rows. The first row's actionstate is its
// own configuration with action 0.
//
// # Offered load
//
// With t the row's index (minutes), Z standard normal draws and D = 1440:
//
//	inc_tps(t) = BaseLoad · (1 − DailyAmplitude·cos(2πt/D)) · (1 + WeeklyAmplitude·sin(2πt/7D))
//	             · exp(LoadNoise·Z) · spike(t)
//
// so the day starts at its trough and peaks at noon. Spikes arrive as a
// Poisson process of SpikeRate per interval; a spike arriving in (t−1, t]
// starts at t with a factor m drawn uniformly in [SpikeMinFactor,
// SpikeMaxFactor] and a length L drawn uniformly in {SpikeMinLen, …,
// SpikeMaxLen}, and multiplies the load by 1 + (m−1)(1 − a/L) at age a < L.
// Overlapping spikes do not compound: spike(t) is the strongest one's
// factor, or 1. The defaults give loads of roughly 100–1500 tps, with rare
// spikes to 2500.
//
// # Service
//
// With re the replicas, cpu the CPU limit in millicores and heap in MB:
//
//	capacity = CapacityScale · re^ReplicaExp · (cpu/1000)^CPUExp · (1 − exp(−heap/HeapScale)) · exp(CapacityNoise·Z)
//	out_tps  = min(inc_tps, capacity) · exp(−ServeNoise·|Z|)
//	u        = out_tps / capacity
//	cpu.1    = clamp(0.03 + 0.97·u + 0.02·Z)
//	ram      = clamp(0.20 + 0.30·heap/900 + 0.15·u + 0.02·Z)
//	cost     = (CostPerCore · re · cpu/1000 + CostPerGB · re · heap/1000) · exp(CostNoise·Z)
//	curr_sess = round(0.3 · inc_tps · exp(0.1·Z))
//	max_sess  = ceil(curr_sess / re · (1 + 0.5·U))
//
// where clamp limits to [0, 1] and U is uniform in [0, 1). Capacity has
// diminishing returns in replicas and CPU and saturates in heap; the served
// load never exceeds the offered load nor the capacity. With the defaults
// the smallest configuration serves about 30 tps, the largest about 2500, a
// middle one (5, 500, 500) about 1000; costs run 0.003–0.3 per interval, as
// TeaStore's.
//
// # Unused columns
//
//	goodness = out_tps − 10000 · cost
//	reward   = goodness − the previous row's goodness (0 on the first row)
//	Qvalue   = reward / 10
//
// These mirror the relations visible in TeaStore's table.
//
// # Missing values
//
// Each inc_tps and out_tps cell is written nan with probability
// Config.Missing, independently: a gap in the log, so the other columns,
// goodness included, are computed from the true value.
//
// # Determinism
//
// The output is a function of the Config alone: the same Config gives the
// same bytes. The agent, the load, the service and the missing cells draw
// from separate PCG streams of the seed, so that changing, say, Bias leaves
// the load trace unchanged.
package synth
