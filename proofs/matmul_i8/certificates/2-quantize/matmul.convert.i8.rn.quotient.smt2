; KernelC obligation: matmul.convert.i8.rn.quotient
; Protocol: the FIRST (check-sat) must answer sat (the assumptions are not contradictory),
; the SECOND (check-sat) must answer unsat (the claim follows). Anything else is not a proof.
; limits: timeout 120000 ms, rlimit 200000000, seed 0
(set-option :produce-models true)
(set-option :random-seed 0)
(set-option :timeout 120000)
(set-option :rlimit 200000000)
(set-logic ALL)
(declare-const w (_ FloatingPoint 8 24))
(declare-const s (_ FloatingPoint 8 24))
(define-fun _d0 () (_ FloatingPoint 8 24) (fp.div RNE w s))
(define-fun _d1 () (_ FloatingPoint 8 24) (fp.roundToIntegral RNE _d0))
(define-fun _d2 () (_ BitVec 8) (ite (fp.isNaN _d0) #b00000000 (ite (fp.geq _d1 (fp #b0 #b10000110 #b00000000000000000000000)) #b01111111 (ite (fp.leq _d1 (fp #b1 #b10000110 #b00000000000000000000000)) #b10000000 ((_ fp.to_sbv 8) RNE _d1)))))
(define-fun _d3 () (_ FloatingPoint 8 24) ((_ to_fp 8 24) RNE _d2))
(define-fun _d4 () (_ FloatingPoint 8 24) (fp.div RTN w s))
(define-fun _d5 () (_ FloatingPoint 8 24) (fp.sub RTN _d3 _d4))
(define-fun _d6 () (_ FloatingPoint 8 24) (fp.div RTP w s))
(define-fun _d7 () (_ FloatingPoint 8 24) (fp.sub RTN _d6 _d3))
(assert (not (fp.isNaN w)))
(assert (not (fp.isInfinite w)))
(assert (and (fp.leq (fp #b0 #b00000001 #b00000000000000000000000) s) (fp.leq s (fp #b0 #b11110111 #b00000000000000000000000)) (fp.leq (fp.abs w) (fp.mul RTN (fp #b0 #b10000101 #b11111101000000000000000) s))))
(push 1)
; check 1: the assumptions are satisfiable: must answer sat
(check-sat)
(pop 1)
(push 1)
(assert (not (and (bvsle #b10000001 _d2) (fp.eq _d5 (fp.sub RTP _d3 _d4)) (fp.leq _d5 (fp #b0 #b01111110 #b00000000000000010000000)) (fp.eq _d7 (fp.sub RTP _d6 _d3)) (fp.leq _d7 (fp #b0 #b01111110 #b00000000000000010000000)))))
; check 2: the assumptions with the claim negated: must answer unsat
(check-sat)
(pop 1)
