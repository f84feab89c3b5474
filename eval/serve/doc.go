// Package serve answers live decisions over the network: what should the
// service do now, given what it looks like now?
//
// A Server holds named policies — policy.json files, which carry their
// table's layout and so need nothing else, or, given a table, any policy
// eval.NewPolicy builds (baselines, decision tables, the optimal policy) —
// and answers:
//
//   - HTTP JSON: POST /v1/policies/{name}/decide with the configuration in
//     the table's units, the context and the metrics measured now; GET
//     /v1/policies lists the policies and what they read; /healthz,
//     /readyz; /metrics in Prometheus text format.
//   - gRPC: KEDA's external scaler protocol (package externalscaler), whose
//     GetMetrics returns the replicas the policy wants against a target of
//     1 per replica, so that the HPA KEDA drives lands on the policy's
//     count; and the standard gRPC health service.
//
// Requests are data only, parsed strictly and within bounds: an unknown
// field, a missing value, a wrong type or a non-finite number is a 400
// naming the field, an unknown policy a 404, and a body over the limit a
// 413. SIGHUP reloads every policy with an atomic swap, keeping the old
// one where its file no longer loads; SIGTERM drains and stops.
package serve
