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
	head := []string{"run_id", "replication", "seed", "start", "fleets[name=job].policy.name", "scenario", "total_cost_usd", "availability_pct", "makespan_hours"}
	tb := &table{path: "summary.csv", cols: map[string]int{}, head: head, rows: [][]string{
		{"a", "0", "1", "w0", "greedy", "s", "40", "", "55"},
		{"b", "0", "1", "w0", "uniform_progress", "s", "45", "", "50"},
		{"c", "0", "1", "w1", "greedy", "s", "41", "", "57"},
		{"d", "0", "1", "w1", "uniform_progress", "s", "44", "", "52"},
	}}
	for i, c := range head {
		tb.cols[c] = i
	}
	s := &sweep{t: tb, params: []string{"start", "fleets[name=job].policy.name"}}
	f, err := s.tradeoffFigure()
	if err != nil {
		t.Fatal(err)
	}
	if f.XLabel != "batch makespan (hours)" {
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
	want := "policy greedy:55,57|policy uniform_progress:50,52"
	if strings.Join(got, "|") != want {
		t.Errorf("policy layers %q; want %q", strings.Join(got, "|"), want)
	}
}
