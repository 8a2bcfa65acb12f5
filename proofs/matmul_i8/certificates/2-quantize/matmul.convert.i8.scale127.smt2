; KernelC obligation: matmul.convert.i8.scale127
; Protocol: the FIRST (check-sat) must answer sat (the assumptions are not contradictory),
; the SECOND (check-sat) must answer unsat (the claim follows). Anything else is not a proof.
; limits: timeout 120000 ms, rlimit 200000000, seed 0
(set-option :produce-models true)
(set-option :random-seed 0)
(set-option :timeout 120000)
(set-option :rlimit 200000000)
(set-logic ALL)
(declare-const m (_ FloatingPoint 8 24))
(define-fun _d0 () (_ FloatingPoint 8 24) (ite (fp.eq m (fp #b0 #b00000000 #b00000000000000000000000)) (fp #b0 #b01111111 #b00000000000000000000000) (fp.div RNE m (fp #b0 #b10000101 #b11111100000000000000000))))
(assert (not (fp.isNaN m)))
(assert (not (fp.isInfinite m)))
(assert (or (fp.isZero m) (and (fp.leq (fp #b0 #b00001000 #b00000000000000000000000) m) (fp.leq m (fp #b0 #b11111101 #b00000000000000000000000)))))
(push 1)
; check 1: the assumptions are satisfiable: must answer sat
(check-sat)
(pop 1)
(push 1)
(assert (not (and (fp.leq (fp #b0 #b00000001 #b00000000000000000000000) _d0) (fp.leq _d0 (fp #b0 #b11110111 #b00000000000000000000000)) (fp.leq m (fp.mul RTN (fp #b0 #b10000101 #b11111101000000000000000) _d0)))))
; check 2: the assumptions with the claim negated: must answer unsat
(check-sat)
(pop 1)
