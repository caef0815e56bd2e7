package scenario

import (
	"strings"
	"testing"
)

const tagsHead = "name: t\nstart: 2026-01-05T00:00:00Z\nhorizon: 1d\npools:\n  - {region: eastus, sku: Standard_D2s_v5, vcpus: 2, payg_price: 0.096, spot_price: 0.02}\nfleets:\n"

// A fleet's tags reach the cost files as a JSON object with keys sorted,
// and survive the resolved scenario.
func TestFleetTags(t *testing.T) {
	sc, err := Parse("s.yaml", []byte(tagsHead+"  - {name: a, region: eastus, sku: Standard_D2s_v5, count: 1, tags: {team: ml, env: prod, cost-center: 4711, \"a b\": 'x \"y\"'}}\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"a b":"x \"y\"","cost-center":"4711","env":"prod","team":"ml"}`
	if got := sc.Config.Fleets[0].Tags; got != want {
		t.Fatalf("tags %s, want %s", got, want)
	}
	resolved, err := sc.ResolvedYAML("test")
	if err != nil {
		t.Fatal(err)
	}
	again, err := Parse("r.yaml", resolved, nil)
	if err != nil {
		t.Fatalf("%v\n%s", err, resolved)
	}
	if again.Config.Fleets[0].Tags != want {
		t.Errorf("tags after the resolved scenario: %s", again.Config.Fleets[0].Tags)
	}
	none, _ := Parse("s.yaml", []byte(tagsHead+"  - {name: a, region: eastus, sku: Standard_D2s_v5, count: 1}\n"), nil)
	if none.Config.Fleets[0].Tags != "" {
		t.Errorf("no tags: %q", none.Config.Fleets[0].Tags)
	}
}

func TestBadFleetTags(t *testing.T) {
	for _, c := range []struct{ tags, want string }{
		{"[a, b]", "s.yaml:7:69: fleets[0].tags: want a mapping of tag names to values"},
		{"{a/b: x}", `fleets[0].tags.a/b: tag name "a/b" is not accepted; Azure tag names cannot contain any of <>%&\?/`},
		{"{Env: a, env: b}", "fleets[0].tags.env: given twice (first at line 7); tag names are case-insensitive"},
		{"{env: [a]}", "fleets[0].tags.env: want a tag value: text of at most 256 characters"},
		{"{env: " + strings.Repeat("x", 257) + "}", "a tag value of 257 characters is not accepted; want at most 256"},
		{"{env: }", "fleets[0].tags.env: no value; want a tag value"},
	} {
		_, err := Parse("s.yaml", []byte(tagsHead+"  - {name: a, region: eastus, sku: Standard_D2s_v5, count: 1, tags: "+c.tags+"}\n"), nil)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("tags %s: %v; want %q", c.tags, err, c.want)
		}
	}
}
