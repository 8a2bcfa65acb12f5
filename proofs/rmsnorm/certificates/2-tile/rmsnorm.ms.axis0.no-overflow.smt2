; KernelC obligation: rmsnorm.ms.axis0.no-overflow
; Protocol: the FIRST (check-sat) must answer sat (the assumptions are not contradictory),
; the SECOND (check-sat) must answer unsat (the claim follows). Anything else is not a proof.
; limits: timeout 30000 ms, rlimit 200000000, seed 0
(set-option :produce-models true)
(set-option :random-seed 0)
(set-option :timeout 30000)
(set-option :rlimit 200000000)
(set-logic ALL)
(declare-const dim_R (_ BitVec 32))
(declare-const dim_C (_ BitVec 32))
(declare-const i (_ BitVec 32))
(declare-const o1 (_ BitVec 32))
(declare-const t1 (_ BitVec 32))
(declare-const o2 (_ BitVec 32))
(declare-const t2 (_ BitVec 32))
(define-fun _d0 () Bool (bvule #b00000000000000000000000000000001 dim_R))
(assert (bvule #b00000000000000000000000000000001 dim_R))
(assert (bvule dim_R #b01111111111111111111111111111111))
(assert (bvule #b00000000000000000000000000000001 dim_C))
(assert (bvule dim_C #b01111111111111111111111111111111))
(assert (bvult o1 dim_R))
(assert (bvult t1 #b00000000000000000000000001000000))
(push 1)
; check 1: the assumptions are satisfiable: must answer sat
(check-sat)
(pop 1)
(push 1)
(assert (not (and (bvult (bvadd ((_ zero_extend 1) o1) ((_ zero_extend 1) t1)) #b100000000000000000000000000000000) _d0)))
; check 2: the assumptions with the claim negated: must answer unsat
(check-sat)
(pop 1)
