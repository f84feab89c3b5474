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

// NEXT_BLOCK(again) moves the kernel's b and c on to their next 8
// columns and jumps to again, which reloads the arguments, while nb blocks
// are left: one call computes a whole block row of c, so that the call's
// cost is not paid per 8 columns.
#define NEXT_BLOCK(again) \
	ADDQ $64, b+32(FP)    \
	ADDQ $64, c+48(FP)    \
	ADDQ $64, bias+80(FP) \
	DECQ nb+72(FP)      \
	JNZ  again

// VEC_ARGS(done) loads the vector loops' arguments dst (DI), src (SI) and
// n/4 (CX), jumping to done when that is 0.
#define VEC_ARGS(done) \
	MOVQ dst+0(FP), DI \
	MOVQ src+8(FP), SI \
	MOVQ n+16(FP), CX  \
	SHRQ $2, CX        \
	JZ   done

// LOAD3ROWS(base, …) and STORE3ROWS(base, …) move three rows of a 6×8
// block, ldc bytes (R11) apart from base, to and from six accumulators.
#define LOAD3ROWS(base, a, b, c, d, e, f) \
	VMOVUPD (base), a; VMOVUPD 32(base), b \
	VMOVUPD (base)(R11*1), c; VMOVUPD 32(base)(R11*1), d \
	VMOVUPD (base)(R11*2), e; VMOVUPD 32(base)(R11*2), f

#define STORE3ROWS(base, a, b, c, d, e, f) \
	VMOVUPD a, (base); VMOVUPD b, 32(base) \
	VMOVUPD c, (base)(R11*1); VMOVUPD d, 32(base)(R11*1) \
	VMOVUPD e, (base)(R11*2); VMOVUPD f, 32(base)(R11*2)

// ZERO_Y0_Y7 clears the first eight accumulators.
#define ZERO_Y0_Y7 \
	VXORPD Y0, Y0, Y0 \
	VXORPD Y1, Y1, Y1 \
	VXORPD Y2, Y2, Y2 \
	VXORPD Y3, Y3, Y3 \
	VXORPD Y4, Y4, Y4 \
	VXORPD Y5, Y5, Y5 \
	VXORPD Y6, Y6, Y6 \
	VXORPD Y7, Y7, Y7

// BIAS_Y0_Y7(p) sets the first eight accumulators, four rows of 8, to the
// 8 bias values at p.
#define BIAS_Y0_Y7(p) \
	VMOVUPD (p), Y0   \
	VMOVUPD 32(p), Y1 \
	VMOVAPD Y0, Y2    \
	VMOVAPD Y1, Y3    \
	VMOVAPD Y0, Y4    \
	VMOVAPD Y1, Y5    \
	VMOVAPD Y0, Y6    \
	VMOVAPD Y1, Y7

// RELU_Y0_Y7(z) sets the first eight accumulators to max(0, acc) given z = 0,
// acc second: a negative acc gives 0, NaN and −0 stay.
#define RELU_Y0_Y7(z) \
	VMAXPD Y0, z, Y0 \
	VMAXPD Y1, z, Y1 \
	VMAXPD Y2, z, Y2 \
	VMAXPD Y3, z, Y3 \
	VMAXPD Y4, z, Y4 \
	VMAXPD Y5, z, Y5 \
	VMAXPD Y6, z, Y6 \
	VMAXPD Y7, z, Y7

// func kern4x8(kk int, a *float64, ars, aks int, b *float64, ldb int, c *float64, ldc int, flags, nb int, bias *float64)
//
// Y0..Y7 accumulate the 4×8 block, two registers a row; each step k
// broadcasts a(i, k) of the four rows and fuses them with b's row k.
TEXT ·kern4x8(SB), NOSPLIT, $0-88

block4x8:
	LOAD_KERN_ARGS

	LEAQ (SI)(R8*1), AX  // a row 1
	LEAQ (AX)(R8*1), BX  // a row 2
	LEAQ (BX)(R8*1), R13 // a row 3

	TESTQ $4, R12
	JZ    nobias
	MOVQ    bias+80(FP), R8 // a's row stride is no longer needed
	BIAS_Y0_Y7(R8)
	JMP     loop

nobias:
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
	ZERO_Y0_Y7

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
	VXORPD Y14, Y14, Y14
	RELU_Y0_Y7(Y14)

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
	NEXT_BLOCK(block4x8)
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

// func kern1x8(kk int, a *float64, ars, aks int, b *float64, ldb int, c *float64, ldc int, flags, nb int, bias *float64)
//
// kern4x8 for one row (ars and ldc unused): the rows of c past a multiple of 4.
TEXT ·kern1x8(SB), NOSPLIT, $0-88

block1x8:
	LOAD_KERN_ARGS

	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	TESTQ  $4, R12
	JZ     nobias1
	MOVQ   bias+80(FP), AX
	VMOVUPD (AX), Y0
	VMOVUPD 32(AX), Y1
	JMP    loop1

nobias1:
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
	NEXT_BLOCK(block1x8)
	VZEROUPPER
	RET

// func maskReLU(dst, src *float64, n int)
//
// dst[i] = 0 where !(src[i] > 0), unless src[i] is NaN: the ReLU's backward
// pass, src its outputs, for n a multiple of 4.
TEXT ·maskReLU(SB), NOSPLIT, $0-24
	VEC_ARGS(done)
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

// FOLLOW(f, tau, skip) does a Polyak step of the follower f (a register,
// 0 for none, advanced 32 bytes) towards the updated parameters in Y7,
// f += τ·(p − f), as softUpdate does it, τ read from where the register
// tau points, or jumps to skip without one.
#define FOLLOW(f, tau, skip) \
	TESTQ        f, f           \
	JZ           skip           \
	VBROADCASTSD (tau), Y1      \
	VMOVUPD      (f), Y0        \
	VSUBPD       Y0, Y7, Y2     \
	VMULPD       Y2, Y1, Y2     \
	VADDPD       Y2, Y0, Y0     \
	VMOVUPD      Y0, (f)        \
	ADDQ         $32, f

// func adamStep(p, grad, m, v *float64, n int, b1, c1, b2, c2, step, corr, eps float64, f1 *float64, tau1 float64, f2 *float64, tau2 float64)
//
// Adam.Step's loop on n elements, n a multiple of 4, with the same
// operations in the same order (none fused), so bit for bit the same; then,
// for each follower f1, f2 not nil, softUpdate's step towards the updated
// parameters, while they are in registers.
TEXT ·adamStep(SB), NOSPLIT, $0-128
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
	MOVQ         f1+96(FP), R10
	LEAQ         tau1+104(FP), R12
	MOVQ         f2+112(FP), R11
	LEAQ         tau2+120(FP), R13

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
	FOLLOW(R10, R12, afollow2)

afollow2:
	FOLLOW(R11, R13, anext)

anext:
	ADDQ    $32, DI
	ADDQ    $32, SI
	ADDQ    $32, R8
	ADDQ    $32, R9
	DECQ    CX
	JNZ     aloop

adone:
	VZEROUPPER
	RET

// FMA_ROW(src, lo, hi) adds the a element at src times b's row k (Y12, Y13)
// to a row's accumulators lo and hi.
#define FMA_ROW(src, lo, hi) \
	VBROADCASTSD src, Y14       \
	VFMADD231PD  Y12, Y14, lo   \
	VFMADD231PD  Y13, Y14, hi

// func kern6x8(kk int, a *float64, ars, aks int, b *float64, ldb int, c *float64, ldc int, flags, nb int, bias *float64)
//
// kern4x8 for six rows: twelve accumulators Y0..Y11 keep both FMA pipes
// busy through the FMA latency, where eight leave them waiting.
TEXT ·kern6x8(SB), NOSPLIT, $0-88

block6x8:
	LOAD_KERN_ARGS

	LEAQ (R8)(R8*2), R13
	ADDQ SI, R13         // a row 3; rows 1, 2, 4, 5 are indexed from 0 and 3
	LEAQ (R11)(R11*2), BX
	ADDQ DX, BX          // c row 3

	TESTQ $4, R12
	JZ    nobias6
	MOVQ    bias+80(FP), AX
	BIAS_Y0_Y7(AX)
	VMOVAPD Y0, Y8
	VMOVAPD Y1, Y9
	VMOVAPD Y0, Y10
	VMOVAPD Y1, Y11
	JMP     loop6

nobias6:
	TESTQ $1, R12
	JZ    zero6
	LOAD3ROWS(DX, Y0, Y1, Y2, Y3, Y4, Y5)
	LOAD3ROWS(BX, Y6, Y7, Y8, Y9, Y10, Y11)
	JMP     loop6

zero6:
	ZERO_Y0_Y7
	VXORPD Y8, Y8, Y8
	VXORPD Y9, Y9, Y9
	VXORPD Y10, Y10, Y10
	VXORPD Y11, Y11, Y11

loop6:
	VMOVUPD      (DI), Y12
	VMOVUPD      32(DI), Y13
	FMA_ROW((SI), Y0, Y1)
	FMA_ROW((SI)(R8*1), Y2, Y3)
	FMA_ROW((SI)(R8*2), Y4, Y5)
	FMA_ROW((R13), Y6, Y7)
	FMA_ROW((R13)(R8*1), Y8, Y9)
	FMA_ROW((R13)(R8*2), Y10, Y11)
	ADDQ         R9, SI
	ADDQ         R9, R13
	ADDQ         R10, DI
	DECQ         CX
	JNZ          loop6

	TESTQ $2, R12
	JZ    store6
	VXORPD Y12, Y12, Y12
	RELU_Y0_Y7(Y12)
	VMAXPD Y8, Y12, Y8
	VMAXPD Y9, Y12, Y9
	VMAXPD Y10, Y12, Y10
	VMAXPD Y11, Y12, Y11

store6:
	STORE3ROWS(DX, Y0, Y1, Y2, Y3, Y4, Y5)
	STORE3ROWS(BX, Y6, Y7, Y8, Y9, Y10, Y11)
	NEXT_BLOCK(block6x8)
	VZEROUPPER
	RET

// func softUpdate(dst, src *float64, n int, tau float64)
//
// MLP.SoftUpdate's loop on n elements, n a multiple of 4, bit for bit.
TEXT ·softUpdate(SB), NOSPLIT, $0-32
	VEC_ARGS(sdone)
	VBROADCASTSD tau+24(FP), Y2

sloop:
	VMOVUPD (DI), Y0
	VMOVUPD (SI), Y1
	VSUBPD  Y0, Y1, Y1 // src − p
	VMULPD  Y1, Y2, Y1 // τ·(src − p)
	VADDPD  Y1, Y0, Y0
	VMOVUPD Y0, (DI)
	ADDQ    $32, DI
	ADDQ    $32, SI
	DECQ    CX
	JNZ     sloop

sdone:
	VZEROUPPER
	RET

// func transpose4(dst *float64, ldd int, src *float64, lds int, rows, cols int)
//
// dst[j·ldd+i] = src[i·lds+j] for i < rows, j < cols, both multiples of 4
// and positive, strides in elements: 4×4 tiles, each read as four rows and
// written as four columns.
TEXT ·transpose4(SB), NOSPLIT, $0-48
	MOVQ dst+0(FP), DI
	MOVQ ldd+8(FP), R8
	SHLQ $3, R8
	MOVQ src+16(FP), SI
	MOVQ lds+24(FP), R9
	SHLQ $3, R9
	MOVQ rows+32(FP), R10
	SHRQ $2, R10
	LEAQ (R9)(R9*2), R12 // 3 src rows
	LEAQ (R8)(R8*2), R13 // 3 dst rows

trow:
	MOVQ SI, AX // src tile
	MOVQ DI, BX // dst tile
	MOVQ cols+40(FP), CX
	SHRQ $2, CX

ttile:
	VMOVUPD    (AX), Y0
	VMOVUPD    (AX)(R9*1), Y1
	VMOVUPD    (AX)(R9*2), Y2
	VMOVUPD    (AX)(R12*1), Y3
	VUNPCKLPD  Y1, Y0, Y4 // a00 a10 a02 a12
	VUNPCKHPD  Y1, Y0, Y5 // a01 a11 a03 a13
	VUNPCKLPD  Y3, Y2, Y6 // a20 a30 a22 a32
	VUNPCKHPD  Y3, Y2, Y7 // a21 a31 a23 a33
	VPERM2F128 $0x20, Y6, Y4, Y0
	VPERM2F128 $0x20, Y7, Y5, Y1
	VPERM2F128 $0x31, Y6, Y4, Y2
	VPERM2F128 $0x31, Y7, Y5, Y3
	VMOVUPD    Y0, (BX)
	VMOVUPD    Y1, (BX)(R8*1)
	VMOVUPD    Y2, (BX)(R8*2)
	VMOVUPD    Y3, (BX)(R13*1)
	ADDQ       $32, AX    // 4 columns on in src
	LEAQ       (BX)(R8*4), BX // 4 rows on in dst
	DECQ       CX
	JNZ        ttile

	LEAQ (SI)(R9*4), SI // 4 rows on in src
	ADDQ $32, DI        // 4 columns on in dst
	DECQ R10
	JNZ  trow

	VZEROUPPER
	RET
