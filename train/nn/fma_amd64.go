// Copyright ©2025 The tablerl Authors. All rights reserved.

//go:build amd64 && !purego

package nn

// kern4x8 is fmaGemm on nb 4×8 blocks of c side by side (nb ≥ 1), with
// AVX2 and FMA: c, a and b point at the first block's first element, its
// first row of a and its first column of b, strides in elements; with
// kernBias the sums start from bias, which points at the first column's.
//
//go:noescape
func kern4x8(kk int, a *float64, ars, aks int, b *float64, ldb int, c *float64, ldc int, flags, nb int, bias *float64)

// kern6x8 is kern4x8 for six rows.
//
//go:noescape
func kern6x8(kk int, a *float64, ars, aks int, b *float64, ldb int, c *float64, ldc int, flags, nb int, bias *float64)

// kern1x8 is kern4x8 for one row.
//
//go:noescape
func kern1x8(kk int, a *float64, ars, aks int, b *float64, ldb int, c *float64, ldc int, flags, nb int, bias *float64)

// maskReLU is reluBackward on the first n elements, n a multiple of 4.
//
//go:noescape
func maskReLU(dst, src *float64, n int)

// adamStep is Adam.StepRangeFollowed's loop on the first n elements, n a
// multiple of 4; f1 and f2 are the followers' parameters, or nil.
//
//go:noescape
func adamStep(p, grad, m, v *float64, n int, b1, c1, b2, c2, step, corr, eps float64, f1 *float64, tau1 float64, f2 *float64, tau2 float64)

// softUpdate is MLP.SoftUpdate's loop on the first n elements, n a multiple of 4.
//
//go:noescape
func softUpdate(dst, src *float64, n int, tau float64)

// transpose4 sets dst[j·ldd+i] = src[i·lds+j] for i < rows and j < cols,
// both positive multiples of 4, strides in elements.
//
//go:noescape
func transpose4(dst *float64, ldd int, src *float64, lds int, rows, cols int)

func cpuid(leaf, sub uint32) (eax, ebx, ecx, edx uint32)
func xgetbv() (eax, edx uint32)

// haveAVX2FMA says the CPU and the OS support AVX2 and FMA3.
var haveAVX2FMA = detectAVX2FMA()

func detectAVX2FMA() bool {
	maxLeaf, _, _, _ := cpuid(0, 0)
	if maxLeaf < 7 {
		return false
	}
	_, _, ecx1, _ := cpuid(1, 0)
	const fma, osxsave, avx = 1 << 12, 1 << 27, 1 << 28
	if ecx1&(fma|osxsave|avx) != fma|osxsave|avx {
		return false
	}
	if xcr0, _ := xgetbv(); xcr0&6 != 6 { // the OS saves XMM and YMM state
		return false
	}
	_, ebx7, _, _ := cpuid(7, 0)
	return ebx7&(1<<5) != 0
}
