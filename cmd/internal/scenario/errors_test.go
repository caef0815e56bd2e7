package scenario

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

// mark shows, inside a test's YAML, where the expected error points; the
// test removes it and turns its place into line:col.
const mark = "⟪"

// testTraces are the trace files the tests' scenarios may name.
var testTraces = map[string]string{
	"prices.csv": "timestamp,region,sku,spot_price_usd\n" +
		"2026-01-05T00:00:00Z,eastus,Standard_D2s_v5,0.02\n" +
		"2026-01-05T10:00:00Z,eastus,Standard_D2s_v5,0.05\n" +
		"2026-01-05T20:00:00Z,eastus,Standard_D2s_v5,0.015\n",
	"capacity.csv": "timestamp,region,sku,capacity\n" +
		"2026-01-04T00:00:00Z,eastus,Standard_D2s_v5,3\n" +
		"2026-01-05T02:00:00Z,eastus,Standard_D2s_v5,1\n" +
		"2026-01-07T00:00:00Z,eastus,Standard_D2s_v5,unlimited\n",
	"late.csv": "timestamp,region,sku,spot_price_usd\n" +
		"2026-01-05T01:00:00Z,eastus,Standard_D2s_v5,0.02\n",
	"unsorted.csv": "timestamp,region,sku,spot_price_usd\n" +
		"2026-01-05T02:00:00Z,eastus,Standard_D2s_v5,0.02\n" +
		"2026-01-05T01:00:00Z,eastus,Standard_D2s_v5,0.03\n",
	"dup.csv": "timestamp,region,sku,spot_price_usd\n" +
		"2026-01-05T00:00:00Z,eastus,Standard_D2s_v5,0.02\n" +
		"2026-01-05T00:00:00Z,eastus,Standard_D2s_v5,0.03\n",
	"neg.csv": "timestamp,region,sku,spot_price_usd\n" +
		"2026-01-05T00:00:00Z,eastus,Standard_D2s_v5,0.02\n" +
		"2026-01-05T01:00:00Z,eastus,Standard_D2s_v5,-0.01\n",
	"nan.csv": "timestamp,region,sku,spot_price_usd\n" +
		"2026-01-05T00:00:00Z,eastus,Standard_D2s_v5,abc\n",
	"other.csv": "timestamp,region,sku,spot_price_usd\n" +
		"2026-01-05T00:00:00Z,westus,Standard_D2s_v5,0.02\n",
}

func openTest(rel string) ([]byte, error) {
	if s, ok := testTraces[rel]; ok {
		return []byte(s), nil
	}
	return nil, fmt.Errorf("open %s: %w", rel, os.ErrNotExist)
}

// head is a valid scenario's top with one pool whose spot_price is spot.
func head(spot string) string {
	return "name: t\n" +
		"start: 2026-01-05T00:00:00Z\n" +
		"horizon: 24h\n" +
		"pools:\n" +
		"  - {region: eastus, sku: Standard_D2s_v5, vcpus: 2, payg_price: 0.096, spot_price: " + spot + "}\n"
}

// fleet is a fleets list with one fleet; extra adds keys to it.
func fleet(extra string) string {
	return "fleets:\n  - {name: w, region: eastus, sku: Standard_D2s_v5, count: 1" + extra + "}\n"
}

// valid is a minimal valid scenario.
var valid = head("0.02") + fleet("")

// marked removes the mark from src and says where it was.
func marked(t *testing.T, src string) (string, int, int) {
	t.Helper()
	i := strings.Index(src, mark)
	if i < 0 {
		t.Fatalf("test YAML has no %s", mark)
	}
	before := src[:i]
	line := strings.Count(before, "\n") + 1
	col := utf8.RuneCountInString(before[strings.LastIndex(before, "\n")+1:]) + 1
	return before + src[i+len(mark):], line, col
}

func TestParseErrors(t *testing.T) {
	sha := strings.Repeat("0", 64)
	for _, tc := range []struct {
		name string
		yaml string // with mark at the expected position, unless pos is given
		pos  string // the expected position when it is in a trace file
		want string
	}{
		{"unknown top-level key", mark + "colour: red\n" + valid, "",
			"colour: unknown key; want one of version, spotsim_version, name, start, horizon, seed, replications, notice, timings, victims, offer, billing, pools, quota, fleets, actions"},
		{"unknown pool key", "name: t\nstart: 2026-01-05T00:00:00Z\nhorizon: 24h\npools:\n  - {region: eastus, sku: Standard_D2s_v5, vcpus: 2, payg_price: 0.096, " + mark + "colour: red}\n" + fleet(""), "",
			"pools[0].colour: unknown key; want one of region, sku, vcpus, payg_price, spot_price, capacity"},
		{"unknown nested key in a flow mapping", valid + "timings: {create: 0s, " + mark + "boot: 1s}\n", "",
			"timings.boot: unknown key; want one of create, start, stop, deallocate, delete"},
		{"unknown key in a block fleet", head("0.02") + "fleets:\n  - name: w\n    region: eastus\n    sku: Standard_D2s_v5\n    count: 1\n    " + mark + "max-price: 0.04\n", "",
			"fleets[0].max-price: unknown key; want one of name, region, sku, count, priority, max_price, eviction_policy, disk_price, create_at, after_eviction"},
		{"key given twice", valid + mark + "name: u\n", "", "name: given twice (first at line 1)"},
		{"list where a mapping is wanted", head("0.02") + "fleets: " + mark + "{name: w}\n", "", "fleets: want a list of fleets, got a mapping"},
		{"text where a number is wanted", head("0.02") + "fleets:\n  - {name: w, region: eastus, sku: Standard_D2s_v5, count: " + mark + "three}\n", "",
			`fleets[0].count: "three" is not accepted; want a whole number of VMs from 1 to 1000000`},
		{"list where a number is wanted", valid + "seed: " + mark + "[1]\n", "", "seed: want a whole number from 0 to 18446744073709551615, got a list"},
		{"quoted number is a string", valid + "seed: " + mark + "\"7\"\n", "", `seed: "7" is not accepted; want a whole number`},
		{"bool wanted", valid + "billing: {running: {compute: " + mark + "yes}}\n", "", `billing.running.compute: "yes" is not accepted; want true or false`},
		{"unknown state in billing", valid + "billing: {" + mark + "hibernated: {compute: true}}\n", "", "billing.hibernated: unknown key; want one of creating, starting, running"},
		{"max price with 6 decimals", head("0.02") + fleet(", max_price: "+mark+"0.123456"), "",
			"fleets[0].max_price: 0.123456 has more than 5 decimal places; a max price is -1 or a decimal > 0 with at most 5 decimal places (MaxPriceValueInvalid)"},
		{"max price 0", head("0.02") + fleet(", max_price: "+mark+"0"), "",
			"fleets[0].max_price: 0 is not accepted; a max price is -1 or a decimal > 0 with at most 5 decimal places (MaxPriceValueInvalid)"},
		{"max price -2", head("0.02") + fleet(", max_price: "+mark+"-2"), "",
			"fleets[0].max_price: -2 is not accepted; a max price is -1 or a decimal > 0 with at most 5 decimal places (MaxPriceValueInvalid)"},
		{"max price with 10 decimals", head("0.02") + fleet(", max_price: "+mark+"0.0000000001"), "",
			"fleets[0].max_price: 0.0000000001 has more than 5 decimal places; a max price is -1 or a decimal > 0 with at most 5 decimal places (MaxPriceValueInvalid)"},
		{"max price as text", head("0.02") + fleet(", max_price: "+mark+"cheap"), "",
			`fleets[0].max_price: "cheap" is not accepted; a max price is -1 or a decimal > 0 with at most 5 decimal places (MaxPriceValueInvalid)`},
		{"max price with an exponent", head("0.02") + fleet(", max_price: "+mark+"4e-2"), "",
			"fleets[0].max_price: 4e-2 is not accepted; a max price is -1 or a decimal > 0 with at most 5 decimal places (MaxPriceValueInvalid)"},
		{"negative count", head("0.02") + "fleets:\n  - {name: w, region: eastus, sku: Standard_D2s_v5, count: " + mark + "-1}\n", "",
			"fleets[0].count: -1 is not accepted; want a whole number of VMs from 1 to 1000000"},
		{"zero count", head("0.02") + "fleets:\n  - {name: w, region: eastus, sku: Standard_D2s_v5, count: " + mark + "0}\n", "",
			"fleets[0].count: 0 is not accepted; want a whole number of VMs from 1 to 1000000"},
		{"fleet on an undefined pool", head("0.02") + "fleets:\n  - {name: w, region: eastus, sku: " + mark + "Standard_D4s_v5, count: 1}\n", "",
			"fleets[0].sku: no pool eastus/Standard_D4s_v5 is defined; want one of eastus/Standard_D2s_v5"},
		{"B-series spot fleet", "name: t\nstart: 2026-01-05T00:00:00Z\nhorizon: 24h\npools:\n  - {region: eastus, sku: Standard_B2s, vcpus: 2, payg_price: 0.0416, spot_price: 0.01}\nfleets:\n  - {name: w, region: eastus, sku: " + mark + "Standard_B2s, count: 1}\n", "",
			"fleets[0].sku: Standard_B2s cannot be spot: B-series and promo sizes cannot be spot (R10)"},
		{"promo spot fleet", "name: t\nstart: 2026-01-05T00:00:00Z\nhorizon: 24h\npools:\n  - {region: eastus, sku: Standard_D2_v2_Promo, vcpus: 2, payg_price: 0.1, spot_price: 0.01}\nfleets:\n  - {name: w, region: eastus, sku: " + mark + "Standard_D2_v2_Promo, count: 1}\n", "",
			"fleets[0].sku: Standard_D2_v2_Promo cannot be spot: B-series and promo sizes cannot be spot (R10)"},
		{"spot fleet in China", "name: t\nstart: 2026-01-05T00:00:00Z\nhorizon: 24h\npools:\n  - {region: chinanorth, sku: Standard_D2s_v5, vcpus: 2, payg_price: 0.1, spot_price: 0.01}\nfleets:\n  - {name: w, region: " + mark + "chinanorth, sku: Standard_D2s_v5, count: 1}\n", "",
			"fleets[0].region: chinanorth cannot host spot VMs: spot is not offered in Azure China 21Vianet (R10)"},
		{"trace that starts after start", head("{csv: late.csv}") + fleet(""), "late.csv:2",
			"eastus/Standard_D2s_v5 begins at 2026-01-05T01:00:00Z, after the scenario start 2026-01-05T00:00:00Z; a trace must cover the whole horizon"},
		{"unsorted trace", head("{csv: unsorted.csv}") + fleet(""), "unsorted.csv:3:1",
			"timestamp: 2026-01-05T01:00:00Z for eastus/Standard_D2s_v5 is before the pool's previous point; timestamps must strictly increase"},
		{"duplicate timestamps in a trace", head("{csv: dup.csv}") + fleet(""), "dup.csv:3:1",
			"timestamp: 2026-01-05T00:00:00Z for eastus/Standard_D2s_v5 is the same as the pool's previous point"},
		{"negative price in a trace", head("{csv: neg.csv}") + fleet(""), "neg.csv:3:45",
			`spot_price_usd: "-0.01" is negative; a spot price is >= 0`},
		{"non-numeric price in a trace", head("{csv: nan.csv}") + fleet(""), "nan.csv:2:45",
			`spot_price_usd: "abc": not a decimal number; want a plain decimal USD per hour`},
		{"missing trace file", head("{csv: "+mark+"nope.csv}") + fleet(""), "",
			`pools[0].spot_price.csv: cannot read trace file "nope.csv": open nope.csv: file does not exist`},
		{"trace without the pool", head("{csv: "+mark+"other.csv}") + fleet(""), "",
			"pools[0].spot_price.csv: other.csv has no rows for eastus/Standard_D2s_v5; it has westus/Standard_D2s_v5"},
		{"sha256 mismatch", head("{csv: prices.csv, sha256: "+mark+sha+"}") + fleet(""), "",
			"pools[0].spot_price.sha256: " + sha + " does not match prices.csv, whose SHA-256 is "},
		{"horizon 0", "name: t\nstart: 2026-01-05T00:00:00Z\nhorizon: " + mark + "0s\npools: []\nfleets: []\n", "",
			"horizon: 0s is not accepted; want a duration > 0 such as 36h or 7d"},
		// Every time a run writes (billing months included) must keep
		// RFC 3339's four-digit year, which its own readers require.
		{"run that ends past the year 9999", "name: t\nstart: 9999-12-30T00:00:00Z\nhorizon: " + mark + "7d\npools: []\nfleets: []\n", "",
			"horizon: 7d from 9999-12-30T00:00:00Z ends at 10000-01-06T00:00:00Z; want a run that ends by 9999-12-01T00:00:00Z, so that every time written (billing months included) has a four-digit year"},
		// A notice's NotBefore (RFC 1123) must keep a four-digit year too.
		{"notice due after the year 9999", "name: t\nstart: 9990-01-05T00:00:00Z\nhorizon: 7d\nnotice: " + mark + "10000d\npools: []\nfleets: []\n", "",
			"notice: 10000d: a notice at the run's end (9990-01-12T00:00:00Z) would be due at 10017-05-30T00:00:00Z; want notices due by 9999-12-31T23:59:59Z, so that a Scheduled Events NotBefore has a four-digit year"},
		{"run that ends in the last month of 9999", "name: t\nstart: 9999-11-30T00:00:00Z\nhorizon: " + mark + "1d1s\npools: []\nfleets: []\n", "",
			"horizon: 1d1s from 9999-11-30T00:00:00Z ends at 9999-12-01T00:00:01Z; want a run that ends by 9999-12-01T00:00:00Z"},
		{"bad duration", "name: t\nstart: 2026-01-05T00:00:00Z\nhorizon: " + mark + "7x\npools: []\nfleets: []\n", "",
			`horizon: "7x" is not a duration; want Go duration syntax plus d for days, such as 30s, 90m, 36h, 7d or 1d12h`},
		{"duration without a unit", valid + "notice: " + mark + "30\n", "",
			`notice: "30" is not a duration; want Go duration syntax`},
		{"duration with fractional seconds", valid + "timings: {create: " + mark + "1.5s}\n", "",
			"timings.create: 1.5s is not a whole number of seconds; durations are whole seconds"},
		{"negative duration", head("0.02") + fleet(", create_at: "+mark+"-1h"), "",
			"fleets[0].create_at: -1h is not accepted; want a duration >= 0 and less than the horizon"},
		{"create_at at the horizon", head("0.02") + fleet(", create_at: "+mark+"1d"), "",
			"fleets[0].create_at: 1d is not accepted; want a duration >= 0 and less than the horizon"},
		{"notice range upside down", valid + "notice: {min: 30s, max: " + mark + "10s}\n", "",
			"notice.max: 10s is less than notice.min 30s; want max >= min"},
		{"offer free_trial with a spot fleet", valid + "offer: " + mark + "free_trial\n", "",
			"offer: free_trial does not allow spot VMs (R10), and fleet w is spot"},
		{"offer benefits with a spot fleet", valid + "offer: " + mark + "benefits\n", "",
			"offer: benefits does not allow spot VMs (R10)"},
		{"unknown offer", valid + "offer: " + mark + "msdn\n", "",
			`offer: "msdn" is not accepted; want enterprise_agreement, pay_as_you_go, sponsored, csp, benefits or free_trial`},
		{"restart with the delete policy", head("0.02") + fleet(", eviction_policy: delete, after_eviction: "+mark+"{restart: 5m}"), "",
			"fleets[0].after_eviction: restart needs eviction_policy deallocate, and the fleet's is delete"},
		{"replace with the deallocate policy", head("0.02") + fleet(", after_eviction: "+mark+"{replace: 5m}"), "",
			"fleets[0].after_eviction: replace needs eviction_policy delete, and the fleet's is deallocate"},
		{"restart and replace", head("0.02") + fleet(", after_eviction: "+mark+"{restart: 5m, replace: 5m}"), "",
			"fleets[0].after_eviction: want exactly one of restart or replace"},
		{"zero automation interval", head("0.02") + fleet(", after_eviction: {restart: "+mark+"0s}"), "",
			"fleets[0].after_eviction.restart: 0s is not accepted; want an interval > 0 such as 5m"},
		{"missing name", mark + "start: 2026-01-05T00:00:00Z\nhorizon: 24h\npools: []\nfleets: []\n", "",
			"name: missing; want a name matching [a-z0-9_-]+"},
		{"bad name", "name: " + mark + "Big Run\nstart: 2026-01-05T00:00:00Z\nhorizon: 24h\n", "",
			`name: "Big Run" is not accepted; want a name matching [a-z0-9_-]+`},
		{"start not in UTC", "name: t\nstart: " + mark + "2026-01-05T01:00:00+01:00\nhorizon: 24h\n", "",
			"start: 2026-01-05T01:00:00+01:00 is not accepted; want an RFC 3339 time in UTC in whole seconds"},
		{"version 2", "version: " + mark + "2\n" + valid, "", "version: 2 is not accepted; want 1, the only scenario version"},
		{"pool defined twice", head("0.02") + "  - {region: eastus, sku: " + mark + "Standard_D2s_v5, vcpus: 2, payg_price: 0.096}\n" + fleet(""), "",
			"pools[1]: pool eastus/Standard_D2s_v5 is already defined by pools[0]"},
		{"payg price 0", "name: t\nstart: 2026-01-05T00:00:00Z\nhorizon: 24h\npools:\n  - {region: eastus, sku: Standard_D2s_v5, vcpus: 2, payg_price: " + mark + "0}\n", "",
			"pools[0].payg_price: 0 is not accepted; want a decimal > 0"},
		{"negative capacity", head("0.02, capacity: "+mark+"-1") + fleet(""), "",
			"pools[0].capacity: -1 is not accepted; want a whole number >= 0, unlimited, {csv: PATH} or {file: PATH, format: F} (F: csv, availability, fleet-log, skynomad-availability)"},
		{"spot fleet on a pool without a spot price", "name: t\nstart: 2026-01-05T00:00:00Z\nhorizon: 24h\npools:\n  - {region: eastus, sku: Standard_D2s_v5, vcpus: 2, payg_price: 0.096}\nfleets:\n  - {name: w, region: eastus, sku: " + mark + "Standard_D2s_v5, count: 1}\n", "",
			"fleets[0].sku: pool eastus/Standard_D2s_v5 has no spot_price, which a spot fleet needs"},
		{"two fleets with one name", valid + "  - {name: " + mark + "w, region: eastus, sku: Standard_D2s_v5, count: 1}\n", "",
			`fleets[1].name: "w" is already the name of fleets[0]; want unique fleet names`},
		{"max price on a regular fleet", head("0.02") + fleet(", priority: regular, max_price: "+mark+"0.04"), "",
			"fleets[0].max_price: 0.04 is not accepted on a regular fleet"},
		{"quota for a region twice", valid + "quota:\n  - {region: eastus}\n  - {region: " + mark + "eastus, spot_vcpus: 4}\n", "",
			"quota[1].region: eastus already has a quota in quota[0]; want each region once"},
		{"negative quota", valid + "quota:\n  - {region: eastus, spot_vcpus: " + mark + "-4}\n", "",
			"quota[0].spot_vcpus: -4 is not accepted; want a whole number of vCPUs >= 0, or unlimited"},
		{"action on an undefined fleet", valid + "actions:\n  - {at: 1h, fleet: " + mark + "x, op: stop}\n", "",
			`actions[0].fleet: no fleet "x" is defined; want one of w`},
		{"action at the horizon", valid + "actions:\n  - {at: " + mark + "24h, fleet: w, op: stop}\n", "",
			"actions[0].at: 24h is not accepted; want a duration >= 0 and less than the horizon"},
		{"unknown op", valid + "actions:\n  - {at: 1h, fleet: w, op: " + mark + "reboot}\n", "",
			`actions[0].op: "reboot" is not accepted; want start, stop, deallocate, delete, set_max_price or scale`},
		{"set_max_price without max_price", valid + "actions:\n  - " + mark + "{at: 1h, fleet: w, op: set_max_price}\n", "",
			"actions[0].max_price: missing; set_max_price needs a max_price"},
		{"set_max_price with a bad price", valid + "actions:\n  - {at: 1h, fleet: w, op: set_max_price, max_price: " + mark + "0.000001}\n", "",
			"actions[0].max_price: 0.000001 has more than 5 decimal places; a max price is -1 or a decimal > 0 with at most 5 decimal places (MaxPriceValueInvalid)"},
		{"set_max_price on a regular fleet", head("0.02") + fleet(", priority: regular") + "actions:\n  - {at: 1h, fleet: w, op: " + mark + "set_max_price, max_price: 0.05}\n", "",
			"actions[0].op: set_max_price on regular fleet w; only spot VMs have a max price"},
		{"max_price with another op", valid + "actions:\n  - {at: 1h, fleet: w, op: start, max_price: " + mark + "0.05}\n", "",
			"actions[0].max_price: is only accepted with op set_max_price, not start"},
		{"scale without count", valid + "actions:\n  - " + mark + "{at: 1h, fleet: w, op: scale}\n", "",
			"actions[0].count: missing; scale needs a count"},
		{"count with another op", valid + "actions:\n  - {at: 1h, fleet: w, op: stop, count: " + mark + "3}\n", "",
			"actions[0].count: is only accepted with op scale, not stop"},
		{"vm with scale", valid + "actions:\n  - {at: 1h, fleet: w, op: scale, count: 2, vm: " + mark + "0}\n", "",
			"actions[0].vm: is not accepted with op scale"},
		{"negative vm", valid + "actions:\n  - {at: 1h, fleet: w, op: stop, vm: " + mark + "-1}\n", "",
			"actions[0].vm: -1 is not accepted; want the number n of the VM <fleet>-<n>, or all"},
		{"not a mapping at the top", mark + "- name: t\n", "", "want a mapping with keys version, spotsim_version"},
		// Issue #21's limits and inputs that failed late or without a line.
		{"name too long for a folder", "name: " + mark + strings.Repeat("a", 300) + "\nstart: 2026-01-05T00:00:00Z\nhorizon: 24h\npools:\n  - {region: eastus, sku: Standard_D2s_v5, vcpus: 2, payg_price: 0.096, spot_price: 0.02}\n" + fleet(""), "",
			"is not accepted; want a name matching [a-z0-9_-]+, at most 100 characters"},
		// A CSV (or any large file) named as a scenario is one scalar:
		// quoted whole, a 100 MB trace was 100 MB of error message.
		{"a long value is cut", mark + "timestamp,region,sku\n  " + strings.Repeat("2026-01-05T00:00:00Z,eastus,D2\n  ", 1000), "",
			`"timestamp,region,sku 2026-01-05T00:00:00Z,eastus,D2 2026-01-05T00:00:00Z,eastus,…" (31020 bytes) is not accepted; want a mapping`},
		{"a NUL byte", head("0.02") + "# a" + mark + "\x00\n" + fleet(""), "", "control character U+0000"},
		// yaml.v3 reports bad UTF-8 with no line ("invalid leading UTF-8 octet").
		{"a Latin-1 byte", head("0.02") + "# caf" + mark + "\xe9\n" + fleet(""), "", "byte 0xE9 is not UTF-8; a scenario is UTF-8 text"},
		{"a truncated UTF-8 sequence", valid + "seed: 1 # " + mark + "\xc3\n", "", "byte 0xC3 is not UTF-8"},
		{"fleets want too many VMs", head("0.02") + "fleets:\n" + "  - {name: a, region: eastus, sku: Standard_D2s_v5, count: 1000000}\n  - {name: b, region: eastus, sku: Standard_D2s_v5, count: 1000000}\n" +
			"  - {name: c, region: eastus, sku: Standard_D2s_v5, count: 1000000}\n  - {name: d, region: eastus, sku: Standard_D2s_v5, count: 1000000}\n" +
			"  - {name: e, region: eastus, sku: Standard_D2s_v5, count: 1000000}\n" +
			"  - " + mark + "{name: x, region: eastus, sku: Standard_D2s_v5, count: 1}\n", "",
			"fleets[5].count: the fleets up to here want 5000001 VMs at once (counts and scale actions); at most 5000000"},
		{"merge of a list of scalars", head("0.02") + "fleets:\n  - {<<: [" + mark + "1], name: w}\n", "",
			"fleets[0]: a merge key (<<) takes a mapping or a list of mappings, not a value"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := tc.yaml
			pos := tc.pos
			if pos == "" {
				var line, col int
				src, line, col = marked(t, src)
				pos = fmt.Sprintf("test.yaml:%d:%d", line, col)
			}
			_, err := Parse("test.yaml", []byte(src), openTest)
			assertProblem(t, err, pos, tc.want)
		})
	}
}

// assertProblem checks that one line of err is at pos and holds want.
func assertProblem(t *testing.T, err error, pos, want string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error; want %s: ...%s...", pos, want)
	}
	for _, line := range strings.Split(err.Error(), "\n") {
		if strings.HasPrefix(line, pos+": ") && strings.Contains(line, want) {
			return
		}
	}
	t.Errorf("error lacks a line at %s holding %q; got:\n%v", pos, want, err)
}

func TestParseErrorsAreAllReported(t *testing.T) {
	src := "name: t\n" +
		"start: 2026-01-05T00:00:00Z\n" +
		"horizon: 24h\n" +
		"victims: biggest\n" + // line 4
		"pools:\n" +
		"  - {region: eastus, sku: Standard_D2s_v5, vcpus: 0, payg_price: 0.096, spot_price: 0.02}\n" + // line 6
		"fleets:\n" +
		"  - {name: w, region: eastus, sku: Standard_D2s_v5, count: 1, max_price: 0}\n" + // line 8
		"  - {name: v, region: westus, sku: Standard_D2s_v5, count: 1}\n" // line 9
	_, err := Parse("test.yaml", []byte(src), openTest)
	var es Errors
	if !errors.As(err, &es) {
		t.Fatalf("error %v is not Errors", err)
	}
	want := []string{
		`test.yaml:4:10: victims: "biggest" is not accepted; want random, newest or oldest`,
		"test.yaml:6:51: pools[0].vcpus: 0 is not accepted; want a whole number of vCPUs from 1 to 10000",
		"test.yaml:8:74: fleets[0].max_price: 0 is not accepted",
		"test.yaml:9:36: fleets[1].sku: no pool westus/Standard_D2s_v5 is defined",
	}
	if len(es) != len(want) {
		t.Fatalf("got %d problems, want %d:\n%v", len(es), len(want), err)
	}
	for i, w := range want {
		if !strings.HasPrefix(es[i].Error(), w) {
			t.Errorf("problem %d = %q; want it to start with %q", i, es[i], w)
		}
	}
	var pe *Error
	if !errors.As(err, &pe) || pe.Line != 4 || pe.Column != 10 || pe.Path != "victims" {
		t.Errorf("errors.As gives %+v; want the first problem, at 4:10 on victims", pe)
	}
}

func TestParseBadYAML(t *testing.T) {
	for _, tc := range []struct{ name, yaml, want string }{
		{"empty", "", "test.yaml: empty; want a mapping with name, start, horizon, pools and fleets"},
		{"only a comment", "# nothing\n", "test.yaml: empty; want a mapping with name, start, horizon, pools and fleets"},
		{"syntax", "name: t\n  bad: indent\n", "test.yaml:2: not valid YAML: mapping values are not allowed in this context"},
		{"two documents", "name: t\n---\nname: u\n", "test.yaml:2:1: holds a second YAML document; want one"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("test.yaml", []byte(tc.yaml), openTest)
			if err == nil || err.Error() != tc.want {
				t.Errorf("got %v; want %s", err, tc.want)
			}
		})
	}
}

func TestManyProblemsAreCapped(t *testing.T) {
	var b strings.Builder
	b.WriteString(valid)
	for i := range 2 * maxShown {
		fmt.Fprintf(&b, "extra%d: 1\n", i)
	}
	_, err := Parse("test.yaml", []byte(b.String()), openTest)
	var es Errors
	if !errors.As(err, &es) || len(es) != 2*maxShown {
		t.Fatalf("got %v; want %d problems", err, 2*maxShown)
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != maxShown+1 || lines[maxShown] != fmt.Sprintf("... and %d more problems", maxShown) {
		t.Errorf("printed %d lines ending %q; want %d problems and a count of the rest", len(lines), lines[len(lines)-1], maxShown)
	}
}

// A mapping that merges itself must not send the walk round forever; the
// self-merge adds nothing.
func TestMergeCycles(t *testing.T) {
	for _, src := range []string{"&a {<<: *a}\n", "fleets: &f [{<<: *f}]\n"} {
		if _, err := Parse("test.yaml", []byte(src), openTest); err == nil {
			t.Errorf("Parse(%q) succeeded; want an error", src)
		}
	}
	s := mustParse(t, valid+"timings: &t {<<: [*t, *t], create: 0s}\n")
	if s.Config.Timings.Create != 0 || s.Config.Timings.Start != DefaultTimings.Start {
		t.Errorf("Timings = %+v; want create 0 and the other defaults", s.Config.Timings)
	}
}

func TestNestedMergesTakeLinearTime(t *testing.T) {
	// Each level merges the one inside it twice: followed naively, 2^40
	// visits.
	m := "&m0 {create: 1s}"
	for i := 1; i <= 40; i++ {
		m = fmt.Sprintf("&m%d {<<: [%s, *m%d]}", i, m, i-1)
	}
	s, err := Parse("test.yaml", []byte(valid+"timings: "+m+"\n"), openTest)
	if err != nil {
		t.Fatal(err)
	}
	if s.Config.Timings.Create != 1 {
		t.Errorf("timings.create = %d; want 1 from the innermost merge", s.Config.Timings.Create)
	}
}
