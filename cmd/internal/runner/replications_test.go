package runner

import "testing"

// Replications are identical when every measure after the replication,
// scenario and seed columns agrees; one replication is never "identical".
func TestIdenticalReplications(t *testing.T) {
	for _, tc := range []struct {
		rows [][]string
		want bool
	}{
		{nil, false},
		{[][]string{{"0", "s", "1", "9.5"}}, false},
		{[][]string{{"0", "s", "1", "9.5"}, {"1", "s", "77", "9.5"}}, true},
		{[][]string{{"0", "s", "1", "9.5"}, {"1", "s", "77", "9.6"}}, false},
	} {
		if got := identicalReplications(tc.rows); got != tc.want {
			t.Errorf("%q: %v, want %v", tc.rows, got, tc.want)
		}
	}
}
