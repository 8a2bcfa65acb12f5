; KernelC obligation: matmul.convert.i8.product
; Protocol: the FIRST (check-sat) must answer sat (the assumptions are not contradictory),
; the SECOND (check-sat) must answer unsat (the claim follows). Anything else is not a proof.
; limits: timeout 120000 ms, rlimit 200000000, seed 0
(set-option :produce-models true)
(set-option :random-seed 0)
(set-option :timeout 120000)
(set-option :rlimit 200000000)
(set-logic ALL)
(declare-const q (_ BitVec 8))
(declare-const s (_ FloatingPoint 8 24))
(define-fun _d0 () (_ FloatingPoint 8 24) ((_ to_fp 8 24) RNE q))
(define-fun _d1 () (_ FloatingPoint 8 24) (fp.mul RNE _d0 s))
(define-fun _d2 () (_ FloatingPoint 8 24) (fp.mul RTN _d0 s))
(define-fun _d3 () (_ FloatingPoint 8 24) (fp.sub RTN _d1 _d2))
(define-fun _d4 () (_ FloatingPoint 8 24) (fp.mul RTN (fp #b0 #b01101111 #b00000000000000000000000) s))
(define-fun _d5 () (_ FloatingPoint 8 24) (fp.mul RTP _d0 s))
(define-fun _d6 () (_ FloatingPoint 8 24) (fp.sub RTN _d5 _d1))
(assert (bvsle #b10000001 q))
(assert (fp.leq (fp #b0 #b00000001 #b00000000000000000000000) s))
(assert (fp.leq s (fp #b0 #b11110111 #b00000000000000000000000)))
(push 1)
; check 1: the assumptions are satisfiable: must answer sat
(check-sat)
(pop 1)
(push 1)
(assert (not (and (fp.eq _d3 (fp.sub RTP _d1 _d2)) (fp.leq _d3 _d4) (fp.eq _d6 (fp.sub RTP _d5 _d1)) (fp.leq _d6 _d4))))
; check 2: the assumptions with the claim negated: must answer unsat
(check-sat)
(pop 1)
