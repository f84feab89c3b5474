// Copyright ©2025 The tablerl Authors. All rights reserved.

//go:build !amd64 || purego

package nn

// haveAVX2FMA is false off amd64: fmaGemm runs in portable Go.
const haveAVX2FMA = false

func kern4x8(kk int, a *float64, ars, aks int, b *float64, ldb int, c *float64, ldc int, flags, nb int, bias *float64) {
	panic("nn: no AVX2 kernel on this platform")
}

func kern1x8(kk int, a *float64, ars, aks int, b *float64, ldb int, c *float64, ldc int, flags, nb int, bias *float64) {
	panic("nn: no AVX2 kernel on this platform")
}

func maskReLU(dst, src *float64, n int) { panic("nn: no AVX2 kernel on this platform") }

func adamStep(p, grad, m, v *float64, n int, b1, c1, b2, c2, step, corr, eps float64, f1 *float64, tau1 float64, f2 *float64, tau2 float64) {
	panic("nn: no AVX2 kernel on this platform")
}

func kern6x8(kk int, a *float64, ars, aks int, b *float64, ldb int, c *float64, ldc int, flags, nb int, bias *float64) {
	panic("nn: no AVX2 kernel on this platform")
}

func softUpdate(dst, src *float64, n int, tau float64) { panic("nn: no AVX2 kernel on this platform") }

func transpose4(dst *float64, ldd int, src *float64, lds int, rows, cols int) {
	panic("nn: no AVX2 kernel on this platform")
}
