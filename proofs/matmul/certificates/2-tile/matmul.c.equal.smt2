; KernelC obligation: matmul.c.equal
; Protocol: the FIRST (check-sat) must answer sat (the assumptions are not contradictory),
; the SECOND (check-sat) must answer unsat (the claim follows). Anything else is not a proof.
; limits: timeout 30000 ms, rlimit 200000000, seed 0
(set-option :produce-models true)
(set-option :random-seed 0)
(set-option :timeout 30000)
(set-option :rlimit 200000000)
(set-logic ALL)
(declare-fun red0 (Int Int) Real)
(declare-const dim_M Int)
(declare-const dim_K Int)
(declare-const dim_N Int)
(declare-const idx0 Int)
(declare-const idx1 Int)
(define-fun _d0 () Real (red0 idx0 idx1))
(assert (<= 1 dim_M))
(assert (<= dim_M 2147483648))
(assert (<= 1 dim_K))
(assert (<= dim_K 2147483648))
(assert (<= 1 dim_N))
(assert (<= dim_N 2147483648))
(assert (and (<= 0 idx0) (< idx0 dim_M)))
(assert (and (<= 0 idx1) (< idx1 dim_N)))
(push 1)
; check 1: the assumptions are satisfiable: must answer sat
(check-sat)
(pop 1)
(push 1)
(assert (not (= _d0 _d0)))
; check 2: the assumptions with the claim negated: must answer unsat
(check-sat)
(pop 1)
