package plot

import (
	"strings"
	"testing"
)

// A sweep over a batch policy marks each policy on the trade-off chart:
// one layer of points per policy, beside the configurations and frontier.
func TestTradeoffMarksPolicies(t *testing.T) {
	// A batch-only sweep: availability_pct is there but empty, so the
	// chart's X is the makespan.
	head := []string{"run_id", "replication", "seed", "start", "fleets[name=job].policy.name", "scenario", "fleet", "total_cost_usd", "savings_pct", "evictions", "availability_pct", "makespan_hours", "workload"}
	tb := &table{path: "fleets.csv", cols: map[string]int{}, head: head, rows: [][]string{
		{"a", "0", "1", "w0", "greedy", "s", "job", "40", "70", "1", "", "55", "batch"},
		{"b", "0", "1", "w0", "uniform_progress", "s", "job", "45", "70", "1", "", "50", "batch"},
		{"c", "0", "1", "w1", "greedy", "s", "job", "41", "70", "1", "", "57", "batch"},
		{"d", "0", "1", "w1", "uniform_progress", "s", "job", "44", "70", "1", "", "52", "batch"},
	}}
	for i, c := range head {
		tb.cols[c] = i
	}
	s := &sweep{t: tb, params: []string{"start", "fleets[name=job].policy.name"}}
	ds, err := s.decide(nil)
	if err != nil {
		t.Fatal(err)
	}
	f := tradeoffFigure(ds[0])
	if !strings.HasPrefix(f.XLabel, "makespan (hours)") {
		t.Errorf("X %q; want the batch makespan", f.XLabel)
	}
	var got []string
	for _, l := range f.Layers {
		if l.Kind == Points && strings.HasPrefix(l.Name, "policy ") {
			var xs []string
			for _, x := range l.X {
				xs = append(xs, num(x))
			}
			got = append(got, l.Name+":"+strings.Join(xs, ","))
		}
	}
	// Configurations in the table's order, cheapest first.
	want := "policy greedy:55,57|policy uniform_progress:52,50"
	if strings.Join(got, "|") != want {
		t.Errorf("policy layers %q; want %q", strings.Join(got, "|"), want)
	}
}
