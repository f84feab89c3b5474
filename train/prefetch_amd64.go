//go:build amd64 && !purego

package train

import "unsafe"

// prefetch asks the CPU to bring the n bytes from p into its cache, for
// memory read soon at random: the loads of a minibatch's rows, issued
// together, wait for memory at once rather than one after another.
//
//go:noescape
func prefetch(p unsafe.Pointer, n int)
