package tableenv

// advance writes into dst the pipeline that follows src under action a:
// each knob's levels shift one step toward taking effect and the newest
// requested level is appended, moved by the action. ctx is the context
// tuple a held context checks availability under (with a load every
// configuration is available). When the move leaves the grid or would put
// an unrecorded configuration in effect at any coming step, it is invalid:
// dst is then the no-op's pipeline (always valid, as src was) and valid is
// false. cost is the change cost of the levels moved.
func (d *dynamics) advance(dst, src []int32, a int, ctx int32) (valid bool, cost float64) {
	for k := 0; k < d.nk; k++ {
		p, n := d.pipeAt[k], d.delay[k]
		copy(dst[p:p+n], src[p+1:p+n+1])
		dst[p+n] = src[p+n]
	}
	if a == 0 {
		return true, 0
	}
	if c := d.actConf[a]; c >= 0 {
		for k, l := range d.confLevels[int(c)*d.nk : int(c+1)*d.nk] {
			last := d.pipeAt[k] + d.delay[k]
			if diff := l - dst[last]; diff != 0 {
				cost += d.cost[k] * float64(abs32(diff))
			}
			dst[last] = l
		}
	} else {
		k := d.actKnob[a]
		last := d.pipeAt[k] + d.delay[k]
		l := dst[last] + d.actStep[a]
		if l < 0 || int(l) >= d.nLevels[k] {
			d.undo(dst, src)
			return false, 0
		}
		dst[last] = l
		cost = d.cost[k] * float64(abs32(d.actStep[a]))
	}
	for j := 0; j <= d.maxD; j++ {
		if d.stateOfSlot(dst, j, ctx) < 0 {
			d.undo(dst, src)
			return false, 0
		}
	}
	return true, cost
}

// undo turns dst back into the no-op's successor of src.
func (d *dynamics) undo(dst, src []int32) {
	for k := 0; k < d.nk; k++ {
		last := d.pipeAt[k] + d.delay[k]
		dst[last] = src[last]
	}
}

// confOfSlot is the configuration in effect j steps from now under pipeline
// p, -1 where the knobs' levels form an unrecorded one.
func (d *dynamics) confOfSlot(p []int32, j int) int32 {
	code := 0
	for k := 0; k < d.nk; k++ {
		code += int(p[d.pipeAt[k]+min(j, d.delay[k])]) * d.stride[k]
	}
	return d.confOfGrid[code]
}

// stateOfSlot is the state in effect j steps from now under context ctx, -1
// where unavailable.
func (d *dynamics) stateOfSlot(p []int32, j int, ctx int32) int32 {
	c := d.confOfSlot(p, j)
	if c < 0 {
		return -1
	}
	return d.stateAt[int(c)*d.nCtx+int(ctx)]
}

// fill sets every slot of every knob's pipeline to configuration c: no
// change pending.
func (d *dynamics) fill(p []int32, c int32) {
	for k := 0; k < d.nk; k++ {
		l := d.confLevels[int(c)*d.nk+k]
		for j := 0; j <= d.delay[k]; j++ {
			p[d.pipeAt[k]+j] = l
		}
	}
}

// ctxAtPos is the context tuple in force at series position pos, or the
// held one without a load.
func (d *dynamics) ctxAtPos(pos int, held int32) int32 {
	if d.load == nil {
		return held
	}
	return d.ctxAt[pos]
}

func abs32(x int32) int32 {
	if x < 0 {
		return -x
	}
	return x
}
