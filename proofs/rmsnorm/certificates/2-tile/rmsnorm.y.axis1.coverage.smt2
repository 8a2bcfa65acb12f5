; KernelC obligation: rmsnorm.y.axis1.coverage
; Protocol: the FIRST (check-sat) must answer sat (the assumptions are not contradictory),
; the SECOND (check-sat) must answer unsat (the claim follows). Anything else is not a proof.
; limits: timeout 30000 ms, rlimit 200000000, seed 0
(set-option :produce-models true)
(set-option :random-seed 0)
(set-option :timeout 30000)
(set-option :rlimit 200000000)
(set-logic ALL)
(declare-const dim_C Int)
(declare-const dim_R Int)
(declare-const i Int)
(declare-const o1 Int)
(declare-const t1 Int)
(declare-const o2 Int)
(declare-const t2 Int)
(define-fun _d0 () Int (- i (mod i 64)))
(define-fun _d1 () Int (- i _d0))
(assert (<= 1 dim_R))
(assert (<= dim_R 2147483647))
(assert (<= 1 dim_C))
(assert (<= dim_C 2147483647))
(assert (and (<= 0 i) (< i dim_C)))
(push 1)
; check 1: the assumptions are satisfiable: must answer sat
(check-sat)
(pop 1)
(push 1)
(assert (not (and (= (mod _d0 64) 0) (and (<= 0 _d0) (< _d0 dim_C)) (and (<= 0 _d1) (< _d1 64)))))
; check 2: the assumptions with the claim negated: must answer unsat
(check-sat)
(pop 1)
