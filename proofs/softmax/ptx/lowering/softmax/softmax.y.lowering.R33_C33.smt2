; KernelC obligation: softmax.y.lowering.R33_C33
; Protocol: the FIRST (check-sat) must answer sat (the assumptions are not contradictory),
; the SECOND (check-sat) must answer unsat (the claim follows). Anything else is not a proof.
; limits: timeout 30000 ms, rlimit 200000000, seed 0
(set-option :produce-models true)
(set-option :random-seed 0)
(set-option :timeout 30000)
(set-option :rlimit 200000000)
(set-logic ALL)
(declare-fun exp_real (Real) Real)
(declare-const in_x_0 Real)
(declare-const max1120 Real)
(declare-const inv3234 Real)
(declare-const in_x_1088 Real)
(declare-const max2144 Real)
(declare-const inv3266 Real)
(define-fun _d0 () Real (* (exp_real (+ in_x_0 (* (- 1.0) max1120))) inv3234))
(define-fun _d1 () Real (* (exp_real (+ in_x_1088 (* (- 1.0) max2144))) inv3266))
(push 1)
; check 1: the assumptions are satisfiable: must answer sat
(check-sat)
(pop 1)
(push 1)
(assert (not (and (= _d0 _d0) (= _d1 _d1))))
; check 2: the assumptions with the claim negated: must answer unsat
(check-sat)
(pop 1)
