// Copyright ©2025 The tablerl Authors. All rights reserved.

package nn

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// Tile sizes for gemm. Gonum's native Dgemm computes in serial only when C
// spans fewer than four 64×64 blocks; otherwise it starts goroutines and
// allocates a channel on every call. tileRows×tileCols is 3 blocks at most.
const (
	blockSize = 64
	maxBlocks = 3
)

// gemm computes
//
//	c = alpha * op(a) * op(b) + beta * c
//
// like blas64.Gemm, but splits c into tiles small enough that gonum's Dgemm
// stays on its serial path. The parallel path would break the
// zero-allocation guarantee of Forward and Backward, and at the layer widths
// used by the learners its goroutine overhead outweighs the gain; learners
// parallelise at a coarser grain.
func gemm(tA, tB blas.Transpose, alpha float64, a, b blas64.General, beta float64, c blas64.General) {
	m, n := c.Rows, c.Cols
	if blocks(m)*blocks(n) <= maxBlocks {
		blas64.Gemm(tA, tB, alpha, a, b, beta, c)
		return
	}
	colTile := min(n, maxBlocks*blockSize)
	rowTile := blockSize * (maxBlocks / blocks(colTile))
	for j0 := 0; j0 < n; j0 += colTile {
		j1 := min(j0+colTile, n)
		bt := b
		if tB == blas.NoTrans {
			bt.Cols = j1 - j0
			bt.Data = b.Data[j0:]
		} else {
			bt.Rows = j1 - j0
			bt.Data = b.Data[j0*b.Stride:]
		}
		for i0 := 0; i0 < m; i0 += rowTile {
			i1 := min(i0+rowTile, m)
			at := a
			if tA == blas.NoTrans {
				at.Rows = i1 - i0
				at.Data = a.Data[i0*a.Stride:]
			} else {
				at.Cols = i1 - i0
				at.Data = a.Data[i0:]
			}
			ct := blas64.General{
				Rows:   i1 - i0,
				Cols:   j1 - j0,
				Stride: c.Stride,
				Data:   c.Data[i0*c.Stride+j0:],
			}
			blas64.Gemm(tA, tB, alpha, at, bt, beta, ct)
		}
	}
}

func blocks(n int) int { return (n + blockSize - 1) / blockSize }
