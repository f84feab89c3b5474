// Package eval runs policies in a table environment and compares them.
//
// Every policy is a Policy: the uniformly random policy, the exact optimal
// policy of tableenv.Solve, and (in later packages) trained and baseline
// policies. Run plays episodes with common random numbers: episode i of every
// policy starts from the same row and draws from the same random stream, so
// differences between policies are paired and their comparison is sharp.
// Summaries carry the mean return with its 95% confidence interval (Student's t).
package eval
