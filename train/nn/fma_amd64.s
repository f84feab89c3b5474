// Copyright ©2025 The tablerl Authors. All rights reserved.

//go:build amd64 && !purego

#include "textflag.h"

// LOAD_KERN_ARGS loads the kernels' arguments, strides in bytes: CX kk, SI a,
// R8 ars, R9 aks, DI b, R10 ldb, DX c, R11 ldc, R12 flags.
#define LOAD_KERN_ARGS \
	MOVQ kk+0(FP), CX      \
	MOVQ a+8(FP), SI       \
	MOVQ ars+16(FP), R8    \
	SHLQ $3, R8            \
	MOVQ aks+24(FP), R9    \
	SHLQ $3, R9            \
	MOVQ b+32(FP), DI      \
	MOVQ ldb+40(FP), R10   \
	SHLQ $3, R10           \
	MOVQ c+48(FP), DX      \
	MOVQ ldc+56(FP), R11   \
	SHLQ $3, R11           \
	MOVQ flags+64(FP), R12

// func kern4x8(kk int, a *float64, ars, aks int, b *float64, ldb int, c *float64, ldc int, flags int)
//
// Y0..Y7 accumulate the 4×8 block, two registers a row; each step k
// broadcasts a(i, k) of the four rows and fuses them with b's row k.
TEXT ·kern4x8(SB), NOSPLIT, $0-72
	LOAD_KERN_ARGS

	LEAQ (SI)(R8*1), AX  // a row 1
	LEAQ (AX)(R8*1), BX  // a row 2
	LEAQ (BX)(R8*1), R13 // a row 3

	TESTQ $1, R12
	JZ    zero
	MOVQ    DX, R8 // a's row stride is no longer needed
	VMOVUPD (R8), Y0
	VMOVUPD 32(R8), Y1
	ADDQ    R11, R8
	VMOVUPD (R8), Y2
	VMOVUPD 32(R8), Y3
	ADDQ    R11, R8
	VMOVUPD (R8), Y4
	VMOVUPD 32(R8), Y5
	ADDQ    R11, R8
	VMOVUPD (R8), Y6
	VMOVUPD 32(R8), Y7
	JMP     loop

zero:
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	VXORPD Y6, Y6, Y6
	VXORPD Y7, Y7, Y7

loop:
	VMOVUPD      (DI), Y12
	VMOVUPD      32(DI), Y13
	VBROADCASTSD (SI), Y8
	VBROADCASTSD (AX), Y9
	VBROADCASTSD (BX), Y10
	VBROADCASTSD (R13), Y11
	VFMADD231PD  Y12, Y8, Y0
	VFMADD231PD  Y13, Y8, Y1
	VFMADD231PD  Y12, Y9, Y2
	VFMADD231PD  Y13, Y9, Y3
	VFMADD231PD  Y12, Y10, Y4
	VFMADD231PD  Y13, Y10, Y5
	VFMADD231PD  Y12, Y11, Y6
	VFMADD231PD  Y13, Y11, Y7
	ADDQ         R9, SI
	ADDQ         R9, AX
	ADDQ         R9, BX
	ADDQ         R9, R13
	ADDQ         R10, DI
	DECQ         CX
	JNZ          loop

	TESTQ $2, R12
	JZ    store
	// max(0, acc) with acc second: a negative acc gives 0, NaN and −0 stay.
	VXORPD Y14, Y14, Y14
	VMAXPD Y0, Y14, Y0
	VMAXPD Y1, Y14, Y1
	VMAXPD Y2, Y14, Y2
	VMAXPD Y3, Y14, Y3
	VMAXPD Y4, Y14, Y4
	VMAXPD Y5, Y14, Y5
	VMAXPD Y6, Y14, Y6
	VMAXPD Y7, Y14, Y7

store:
	VMOVUPD Y0, (DX)
	VMOVUPD Y1, 32(DX)
	ADDQ    R11, DX
	VMOVUPD Y2, (DX)
	VMOVUPD Y3, 32(DX)
	ADDQ    R11, DX
	VMOVUPD Y4, (DX)
	VMOVUPD Y5, 32(DX)
	ADDQ    R11, DX
	VMOVUPD Y6, (DX)
	VMOVUPD Y7, 32(DX)
	VZEROUPPER
	RET

// func cpuid(leaf, sub uint32) (eax, ebx, ecx, edx uint32)
TEXT ·cpuid(SB), NOSPLIT, $0-24
	MOVL leaf+0(FP), AX
	MOVL sub+4(FP), CX
	CPUID
	MOVL AX, eax+8(FP)
	MOVL BX, ebx+12(FP)
	MOVL CX, ecx+16(FP)
	MOVL DX, edx+20(FP)
	RET

// func xgetbv() (eax, edx uint32)
TEXT ·xgetbv(SB), NOSPLIT, $0-8
	MOVL $0, CX
	XGETBV
	MOVL AX, eax+0(FP)
	MOVL DX, edx+4(FP)
	RET

// func kern1x8(kk int, a *float64, ars, aks int, b *float64, ldb int, c *float64, ldc int, flags int)
//
// kern4x8 for one row (ars and ldc unused): the rows of c past a multiple of 4.
TEXT ·kern1x8(SB), NOSPLIT, $0-72
	LOAD_KERN_ARGS

	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	TESTQ  $1, R12
	JZ     loop1
	VMOVUPD (DX), Y0
	VMOVUPD 32(DX), Y1

loop1:
	VBROADCASTSD (SI), Y8
	VFMADD231PD  (DI), Y8, Y0
	VFMADD231PD  32(DI), Y8, Y1
	ADDQ         R9, SI
	ADDQ         R10, DI
	DECQ         CX
	JNZ          loop1

	TESTQ $2, R12
	JZ    store1
	VXORPD Y14, Y14, Y14
	VMAXPD Y0, Y14, Y0
	VMAXPD Y1, Y14, Y1

store1:
	VMOVUPD Y0, (DX)
	VMOVUPD Y1, 32(DX)
	VZEROUPPER
	RET

// func maskReLU(d, y *float64, n int)
//
// d[i] = 0 where !(y[i] > 0), unless y[i] is NaN: the ReLU's backward pass
// for n a multiple of 4.
TEXT ·maskReLU(SB), NOSPLIT, $0-24
	MOVQ   d+0(FP), DI
	MOVQ   y+8(FP), SI
	MOVQ   n+16(FP), CX
	SHRQ   $2, CX
	JZ     done
	VXORPD Y14, Y14, Y14

mloop:
	VMOVUPD (SI), Y1
	VCMPPD  $6, Y14, Y1, Y2 // y > 0 or unordered (NLE_US: not y ≤ 0)
	VANDPD  (DI), Y2, Y3
	VMOVUPD Y3, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DI
	DECQ    CX
	JNZ     mloop

done:
	VZEROUPPER
	RET

// func adamStep(p, grad, m, v *float64, n int, b1, c1, b2, c2, step, corr, eps float64)
//
// Adam.Step's loop on n elements, n a multiple of 4, with the same
// operations in the same order (none fused), so bit for bit the same.
TEXT ·adamStep(SB), NOSPLIT, $0-96
	MOVQ         p+0(FP), DI
	MOVQ         grad+8(FP), SI
	MOVQ         m+16(FP), R8
	MOVQ         v+24(FP), R9
	MOVQ         n+32(FP), CX
	SHRQ         $2, CX
	JZ           adone
	VBROADCASTSD b1+40(FP), Y8
	VBROADCASTSD c1+48(FP), Y9
	VBROADCASTSD b2+56(FP), Y10
	VBROADCASTSD c2+64(FP), Y11
	VBROADCASTSD step+72(FP), Y12
	VBROADCASTSD corr+80(FP), Y13
	VBROADCASTSD eps+88(FP), Y14

aloop:
	VMOVUPD (SI), Y0
	VMULPD  (R8), Y8, Y1 // b1·m
	VMULPD  Y0, Y9, Y2   // (1−b1)·g
	VADDPD  Y2, Y1, Y1   // m′
	VMOVUPD Y1, (R8)
	VMULPD  (R9), Y10, Y3 // b2·v
	VMULPD  Y0, Y11, Y4   // (1−b2)·g
	VMULPD  Y0, Y4, Y4    // ·g
	VADDPD  Y4, Y3, Y3    // v′
	VMOVUPD Y3, (R9)
	VSQRTPD Y3, Y5
	VMULPD  Y13, Y5, Y5 // √v′·corr
	VADDPD  Y14, Y5, Y5 // + eps
	VMULPD  Y1, Y12, Y6 // step·m′
	VDIVPD  Y5, Y6, Y6
	VMOVUPD (DI), Y7
	VSUBPD  Y6, Y7, Y7
	VMOVUPD Y7, (DI)
	ADDQ    $32, DI
	ADDQ    $32, SI
	ADDQ    $32, R8
	ADDQ    $32, R9
	DECQ    CX
	JNZ     aloop

adone:
	VZEROUPPER
	RET
