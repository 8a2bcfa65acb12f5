; KernelC obligation: softmax.y.equal
; Protocol: the FIRST (check-sat) must answer sat (the assumptions are not contradictory),
; the SECOND (check-sat) must answer unsat (the claim follows). Anything else is not a proof.
; limits: timeout 30000 ms, rlimit 200000000, seed 0
(set-option :produce-models true)
(set-option :random-seed 0)
(set-option :timeout 30000)
(set-option :rlimit 200000000)
(set-logic ALL)
(declare-fun exp_f32 ((_ FloatingPoint 8 24)) (_ FloatingPoint 8 24))
(declare-fun in_x ((_ BitVec 64) (_ BitVec 64)) (_ FloatingPoint 8 24))
(declare-fun red0 ((_ BitVec 64)) (_ FloatingPoint 8 24))
(declare-fun red1 ((_ BitVec 64)) (_ FloatingPoint 8 24))
(declare-const dim_R (_ BitVec 64))
(declare-const dim_C (_ BitVec 64))
(declare-const idx0 (_ BitVec 64))
(declare-const idx1 (_ BitVec 64))
(define-fun _d0 () (_ FloatingPoint 8 24) (fp.div RNE (exp_f32 (fp.sub RNE (in_x idx0 idx1) (red0 idx0))) (red1 idx0)))
(assert (bvsle #b0000000000000000000000000000000000000000000000000000000000000001 dim_R))
(assert (bvsle dim_R #b0000000000000000000000000000000010000000000000000000000000000000))
(assert (bvsle #b0000000000000000000000000000000000000000000000000000000000000001 dim_C))
(assert (bvsle dim_C #b0000000000000000000000000000000010000000000000000000000000000000))
(assert (and (bvsle #b0000000000000000000000000000000000000000000000000000000000000000 idx0) (bvslt idx0 dim_R)))
(assert (and (bvsle #b0000000000000000000000000000000000000000000000000000000000000000 idx1) (bvslt idx1 dim_C)))
(push 1)
; check 1: the assumptions are satisfiable: must answer sat
(check-sat)
(pop 1)
(push 1)
(assert (not (= _d0 _d0)))
; check 2: the assumptions with the claim negated: must answer unsat
(check-sat)
(pop 1)
