; KernelC obligation: attention.convert.f16.rn.relative
; Protocol: the FIRST (check-sat) must answer sat (the assumptions are not contradictory),
; the SECOND (check-sat) must answer unsat (the claim follows). Anything else is not a proof.
; limits: timeout 30000 ms, rlimit 200000000, seed 0
(set-option :produce-models true)
(set-option :random-seed 0)
(set-option :timeout 30000)
(set-option :rlimit 200000000)
(set-logic ALL)
(declare-const x (_ FloatingPoint 8 24))
(define-fun _d0 () (_ FloatingPoint 11 53) ((_ to_fp 11 53) RNE x))
(define-fun _d1 () (_ FloatingPoint 11 53) (fp.abs _d0))
(define-fun _d2 () (_ FloatingPoint 11 53) ((_ to_fp 11 53) RNE ((_ to_fp 5 11) RNE x)))
(define-fun _d3 () (_ FloatingPoint 11 53) (fp.sub RTN _d2 _d0))
(assert (not (fp.isNaN x)))
(assert (not (fp.isInfinite x)))
(assert (fp.leq (fp #b0 #b01111110001 #b0000000000000000000000000000000000000000000000000000) _d1))
(assert (fp.leq _d1 (fp #b0 #b10000001110 #b1111111111000000000000000000000000000000000000000000)))
(push 1)
; check 1: the assumptions are satisfiable: must answer sat
(check-sat)
(pop 1)
(push 1)
(assert (not (and (fp.eq _d3 (fp.sub RTP _d2 _d0)) (fp.leq (fp.abs _d3) (fp.mul RTN (fp #b0 #b01111110100 #b0000000000000000000000000000000000000000000000000000) _d1)))))
; check 2: the assumptions with the claim negated: must answer unsat
(check-sat)
(pop 1)
