//go:build !amd64 || purego

package train

import "unsafe"

// prefetch does nothing off amd64: the loads it would have hurried happen
// in any case.
func prefetch(p unsafe.Pointer, n int) {}
