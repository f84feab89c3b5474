// Copyright ©2025 The tablerl Authors. All rights reserved.

//go:build amd64 && !purego

#include "textflag.h"

// func prefetch(p unsafe.Pointer, n int)
//
// Asks for the n bytes from p (n > 0) in the cache, one line of 64 bytes at
// a time; it reads nothing, so a line past the end of an object is harmless.
TEXT ·prefetch(SB), NOSPLIT, $0-16
	MOVQ p+0(FP), AX
	MOVQ n+8(FP), CX
	LEAQ (AX)(CX*1), CX

ploop:
	PREFETCHT0 (AX)
	ADDQ       $64, AX
	CMPQ       AX, CX
	JB         ploop
	RET
