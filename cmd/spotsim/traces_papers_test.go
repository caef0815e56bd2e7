package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The papers' formats import to canonical CSVs, and say what they need.
func TestTracesImportPaperFormats(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o666); err != nil {
			t.Fatal(err)
		}
		return p
	}
	prices := write("p.json", `{"us-west-2a_v100_1": [0.918, 0.918, 1.0461]}`)
	avail := write("a.csv", "date,availability\n2023-02-15 22:08:16,1\n2023-02-15 22:11:31,0\n")
	gcp := write("g.csv", "commit_date,git_commit,pricing_generated,machine_type,region,ondemand_usd_per_hour,spot_usd_per_hour\n"+
		"2023-05-08T00:00:00,b,,n2-standard-4,us-central1,0.194236,0.04\n")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--format", "skynomad-prices", "--sku", "p3.2xlarge", "--start", "2023-02-15T22:08:16Z", prices},
			"2023-02-15T22:08:16Z,us-west-2a,p3.2xlarge,0.918\n2023-02-15T22:14:46Z,us-west-2a,p3.2xlarge,1.0461\n"},
		{[]string{"--format", "skynomad-availability", "--region", "us-west-2a", "--sku", "p3.2xlarge", avail},
			"2023-02-15T22:08:16Z,us-west-2a,p3.2xlarge,1\n2023-02-15T22:11:31Z,us-west-2a,p3.2xlarge,0\n"},
		{[]string{"--format", "gcp", gcp}, "2023-05-08T00:00:00Z,us-central1,n2-standard-4,0.04\n"},
	} {
		out := filepath.Join(dir, "out.csv")
		os.Remove(out)
		code, _, errs := spotsim(t, append([]string{"traces", "import", "--out", out}, c.args...)...)
		data, _ := os.ReadFile(out)
		if code != exitOK || !strings.HasSuffix(string(data), c.want) {
			t.Errorf("%v: exit %d %s\n%s; want it to end with\n%s", c.args, code, errs, data, c.want)
		}
	}
	for _, args := range [][]string{
		{"--format", "skynomad-prices", "--sku", "p3.2xlarge", prices},
		{"--format", "skynomad-availability", "--sku", "p3.2xlarge", avail},
	} {
		if code, _, errs := spotsim(t, append([]string{"traces", "import", "--out", filepath.Join(dir, "x.csv")}, args...)...); code != exitBadInput || !strings.Contains(errs, "needs --") {
			t.Errorf("%v: exit %d, %q; want exit 2 naming the missing flags", args, code, errs)
		}
	}
}
