; KernelC obligation: matmul.c.equal
; Protocol: the FIRST (check-sat) must answer sat (the assumptions are not contradictory),
; the SECOND (check-sat) must answer unsat (the claim follows). Anything else is not a proof.
; limits: timeout 120000 ms, rlimit 200000000, seed 0
(set-option :produce-models true)
(set-option :random-seed 0)
(set-option :timeout 120000)
(set-option :rlimit 200000000)
(set-logic ALL)
(declare-const dim_M (_ BitVec 64))
(declare-const dim_K (_ BitVec 64))
(declare-const dim_N (_ BitVec 64))
(declare-const idx0 (_ BitVec 64))
(declare-const idx1 (_ BitVec 64))
(declare-const red0 (_ FloatingPoint 8 24))
(assert (bvsle #b0000000000000000000000000000000000000000000000000000000000000001 dim_M))
(assert (bvsle dim_M #b0000000000000000000000000000000010000000000000000000000000000000))
(assert (bvsle #b0000000000000000000000000000000000000000000000000000000000000001 dim_K))
(assert (bvsle dim_K #b0000000000000000000000000000000010000000000000000000000000000000))
(assert (bvsle #b0000000000000000000000000000000000000000000000000000000000000001 dim_N))
(assert (bvsle dim_N #b0000000000000000000000000000000010000000000000000000000000000000))
(assert (and (bvsle #b0000000000000000000000000000000000000000000000000000000000000000 idx0) (bvslt idx0 dim_M)))
(assert (and (bvsle #b0000000000000000000000000000000000000000000000000000000000000000 idx1) (bvslt idx1 dim_N)))
(push 1)
; check 1: the assumptions are satisfiable: must answer sat
(check-sat)
(pop 1)
(push 1)
(assert (not (= red0 red0)))
; check 2: the assumptions with the claim negated: must answer unsat
(check-sat)
(pop 1)
