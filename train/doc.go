// Package train will learn policies offline against a tableenv.Model: PPO,
// DQN (double, dueling) and tabular Q-learning, with checkpoints and a
// versioned policy export. Networks live in the sub-package nn.
package train
