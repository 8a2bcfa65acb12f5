; KernelC obligation: softmax.y.lowering.R33_C33
; Protocol: the FIRST (check-sat) must answer sat (the assumptions are not contradictory),
; the SECOND (check-sat) must answer unsat (the claim follows). Anything else is not a proof.
; limits: timeout 10000 ms, rlimit 200000000, seed 0
(set-option :produce-models true)
(set-option :random-seed 0)
(set-option :timeout 10000)
(set-option :rlimit 200000000)
(set-logic ALL)
(declare-fun exp_real (Real) Real)
(declare-const in_x_0 Real)
(declare-const max1120 Real)
(declare-const inv3234 Real)
(declare-const in_x_32 Real)
(declare-const in_x_1056 Real)
(declare-const max2144 Real)
(declare-const inv3266 Real)
(declare-const in_x_1088 Real)
(define-fun _d0 () Real (* (- 1.0) max1120))
(define-fun _d1 () Real (* (exp_real (+ in_x_0 _d0)) inv3234))
(define-fun _d2 () Real (* (exp_real (+ in_x_32 _d0)) inv3234))
(define-fun _d3 () Real (* (- 1.0) max2144))
(define-fun _d4 () Real (* (exp_real (+ in_x_1056 _d3)) inv3266))
(define-fun _d5 () Real (* (exp_real (+ in_x_1088 _d3)) inv3266))
(push 1)
; check 1: the assumptions are satisfiable: must answer sat
(check-sat)
(pop 1)
(push 1)
(assert (not (and (= _d1 _d1) (= _d2 _d2) (= _d4 _d4) (= _d5 _d5))))
; check 2: the assumptions with the claim negated: must answer unsat
(check-sat)
(pop 1)
