package sim

import (
	"fmt"
	"testing"
)

// reach lists the scripted actions that put VM w-0 into a state at t = 25 s
// with every timing 10 s (create 0-10, then running).
var reach = map[State][]Action{
	Creating:     nil, // the op is applied at 5 s instead
	Starting:     {{At: 11, Op: OpStop}, {At: 21, Op: OpStart}},
	Running:      nil,
	Stopping:     {{At: 20, Op: OpStop}},
	Stopped:      {{At: 11, Op: OpStop}},
	Deallocating: {{At: 20, Op: OpDeallocate}},
	Deallocated:  {{At: 11, Op: OpDeallocate}},
	Deleting:     {{At: 20, Op: OpDelete}},
	Deleted:      {{At: 11, Op: OpDelete}},
}

// TestOperationTable applies every scripted operation to a VM in every state
// and checks the row it logs and the state it enters. The expectations are
// written out here, independently of opRules.
func TestOperationTable(t *testing.T) {
	type want struct {
		event string // "" = nothing logged
		to    State  // state right after the operation
	}
	none := func(s State) want { return want{"", s} }
	cases := map[Op]map[State]want{
		OpStart: {
			Creating: none(Creating), Starting: none(Starting), Running: none(Running),
			Stopping: {"start_failed OperationNotAllowed", Stopping}, Stopped: {"start start", Starting},
			Deallocating: {"start_failed OperationNotAllowed", Deallocating}, Deallocated: {"start start", Starting},
			Deleting: {"start_failed OperationNotAllowed", Deleting}, Deleted: none(Deleted),
		},
		OpStop: {
			Creating: none(Creating), Starting: {"stop stop", Stopping}, Running: {"stop stop", Stopping},
			Stopping: none(Stopping), Stopped: none(Stopped),
			Deallocating: none(Deallocating), Deallocated: none(Deallocated),
			Deleting: none(Deleting), Deleted: none(Deleted),
		},
		OpDeallocate: {
			Creating: {"deallocate deallocate", Deallocating}, Starting: {"deallocate deallocate", Deallocating},
			Running: {"deallocate deallocate", Deallocating}, Stopping: {"deallocate deallocate", Deallocating},
			Stopped:      {"deallocate deallocate", Deallocating},
			Deallocating: none(Deallocating), Deallocated: none(Deallocated),
			Deleting: none(Deleting), Deleted: none(Deleted),
		},
		OpDelete: {
			Creating: {"delete delete", Deleting}, Starting: {"delete delete", Deleting},
			Running: {"delete delete", Deleting}, Stopping: {"delete delete", Deleting},
			Stopped: {"delete delete", Deleting}, Deallocating: {"delete delete", Deleting},
			Deallocated: {"delete delete", Deleting}, Deleting: none(Deleting), Deleted: none(Deleted),
		},
		// Azure's error-codes-spot.md (azure-compute-docs, 2023-02-28):
		// "Max price change is not allowed when the VM '{0}' is currently
		// allocated. Deallocate and try again."
		OpSetMaxPrice: {
			Creating:     {"set_max_price_failed MaxPriceChangeNotAllowedForAllocatedVMs", Creating},
			Starting:     {"set_max_price_failed MaxPriceChangeNotAllowedForAllocatedVMs", Starting},
			Running:      {"set_max_price_failed MaxPriceChangeNotAllowedForAllocatedVMs", Running},
			Stopping:     {"set_max_price_failed MaxPriceChangeNotAllowedForAllocatedVMs", Stopping},
			Stopped:      {"set_max_price_failed MaxPriceChangeNotAllowedForAllocatedVMs", Stopped},
			Deallocating: {"set_max_price_failed MaxPriceChangeNotAllowedForAllocatedVMs", Deallocating},
			Deallocated:  {"set_max_price set_max_price", Deallocated},
			Deleting:     {"set_max_price_failed MaxPriceChangeNotAllowedForAllocatedVMs", Deleting},
			Deleted:      none(Deleted),
		},
	}
	for op, byState := range cases {
		for st := State(0); int(st) < NumStates; st++ {
			w, ok := byState[st]
			if !ok {
				t.Fatalf("no expectation for %v on %v", op, st)
			}
			t.Run(fmt.Sprintf("%v/%v", op, st), func(t *testing.T) {
				at := int64(25)
				if st == Creating {
					at = 5
				}
				cfg := base(steps(0.0, "0.02"), Fleet{Name: "w", Count: 1, MaxPrice: usd("0.05"), Policy: Deallocate})
				cfg.Horizon = 100
				cfg.Timings = Timings{10, 10, 10, 10, 10}
				cfg.Actions = append([]Action(nil), reach[st]...)
				for i := range cfg.Actions {
					cfg.Actions[i].VM = -1
				}
				cfg.Actions = append(cfg.Actions, Action{At: at, Op: op, VM: -1, MaxPrice: usd("0.06")})
				res := run(t, cfg)
				got := ""
				state, before := Creating, Creating
				for _, e := range res.Events {
					if e.Time > at {
						break
					}
					if e.Time < at && e.To != NoState {
						before = e.To
					}
					if e.To != NoState {
						state = e.To
					}
					if e.Time == at && e.Kind != EvState {
						got = e.Kind.String() + " " + e.Reason.String()
					}
				}
				if before != st {
					t.Fatalf("setup reached %v, not %v", before, st)
				}
				if got != w.event || state != w.to {
					t.Errorf("%v on %v: logged %q, state %v; want %q, %v", op, st, got, state, w.event, w.to)
				}
			})
		}
	}
}

func TestSettlesTo(t *testing.T) {
	for _, c := range []struct{ from, to State }{
		{Creating, Running}, {Starting, Running}, {Stopping, Stopped},
		{Deallocating, Deallocated}, {Deleting, Deleted},
	} {
		if got := settlesTo[c.from]; got != c.to || !c.from.Transitional() {
			t.Errorf("%v settles to %v, want %v", c.from, got, c.to)
		}
	}
	for _, s := range []State{Running, Stopped, Deallocated, Deleted} {
		if s.Transitional() {
			t.Errorf("%v should be stable", s)
		}
	}
}

// TestBillingTable pins Azure's table (R1, R2) state by state.
func TestBillingTable(t *testing.T) {
	want := map[State][2]bool{ // compute, disk
		Creating: {false, true}, Starting: {true, true}, Running: {true, true},
		Stopping: {true, true}, Stopped: {true, true}, Deallocating: {false, true},
		Deallocated: {false, true}, Deleting: {false, true}, Deleted: {false, false},
	}
	for st, w := range want {
		b := AzureBilling[st]
		if b.Compute != w[0] || b.Disk != w[1] {
			t.Errorf("%v: compute %v disk %v, want %v %v", st, b.Compute, b.Disk, w[0], w[1])
		}
	}
}

// TestLegalTransitions: the table of legal state changes is exactly what the
// lifecycle's other tables allow — each transitional state's settling, each
// operation that proceeds (evictions and automation enter the same states
// as deallocate, delete and start), and a new VM entering creating — and
// the engine refuses anything else with a panic that names the VM and both
// states.
func TestLegalTransitions(t *testing.T) {
	var want [NumStates][NumStates]bool
	want[Creating][Creating] = true
	for st := State(0); int(st) < NumStates; st++ {
		if st.Transitional() {
			want[st][settlesTo[st]] = true
		}
		for op, target := range opTarget {
			if o := opRules[op][st]; o == proceed || o == checked {
				want[st][target] = true
			}
		}
	}
	for from := State(0); int(from) < NumStates; from++ {
		for to := State(0); int(to) < NumStates; to++ {
			if legal[from][to] != want[from][to] {
				t.Errorf("legal[%v][%v] = %v; the lifecycle tables say %v", from, to, legal[from][to], want[from][to])
			}
		}
	}

	cfg := base(steps(0.0, "0.02"), Fleet{Name: "w", Count: 1, MaxPrice: usd("0.05"), Policy: Deallocate})
	cfg.Horizon = 100
	if err := check(cfg); err != nil {
		t.Fatal(err)
	}
	s := newEngine(cfg)
	for s.q.len() > 0 {
		e := s.q.pop()
		if s.now = s.q.time(&e); s.now >= 50 {
			break
		}
		s.dispatch(e)
	}
	s.now = 50
	if st := s.vm(0).state; st != Running {
		t.Fatalf("w-0 is %v at 50 s; want running", st)
	}
	defer func() {
		got, _ := recover().(string)
		if want := "sim: impossible transition of VM w-0 from running to deleted at 50 s"; got != want {
			t.Errorf("panic %q; want %q", got, want)
		}
	}()
	s.enter(0, Deleted)
}
