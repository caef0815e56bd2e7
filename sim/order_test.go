package sim

import (
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestPhaseTableMatchesREADME checks the same-instant order table, row by
// row, against the numbered list under the README's "What happens at one
// instant": each kind's phase is the item whose text names the kind's
// event, and the list has one item per phase, in the phases' order.
func TestPhaseTableMatchesREADME(t *testing.T) {
	data, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	start := strings.Index(text, "\n## What happens at one instant\n")
	if start < 0 {
		t.Fatal(`README has no "## What happens at one instant"`)
	}
	section := text[start+1:]
	if end := strings.Index(section[3:], "\n## "); end >= 0 {
		section = section[:end+3]
	}
	// Items are "N. **name**: text", continued on indented lines.
	var items []string
	for _, m := range regexp.MustCompile(`(?m)^(\d+)\. ((?:.*\n)(?:   .*\n)*)`).FindAllStringSubmatch(section, -1) {
		if n, _ := strconv.Atoi(m[1]); n != len(items)+1 {
			t.Fatalf("README item %d comes after item %d", n, len(items))
		}
		items = append(items, strings.Join(strings.Fields(m[2]), " "))
	}
	if len(items) != int(numPhases) {
		t.Fatalf("README lists %d phases; the engine has %d", len(items), numPhases)
	}
	for p := range numPhases {
		name := map[phase]string{phaseMarket: "market", phaseNotices: "notices", phaseEvict: "evictions", phaseTransition: "transitions",
			phaseFleetCreate: "fleet creation", phaseAction: "scripted actions", phaseAutomation: "automation"}[p]
		if !strings.HasPrefix(items[p], "**"+name+"**") {
			t.Errorf("README item %d is %.40q; want phase %s, **%s**", p+1, items[p], p, name)
		}
	}
	// What the README says of each kind of event: a phrase of its item.
	rows := []struct {
		kind   pendingKind
		phrase string
	}{
		{evPrice, "spot price"},
		{evCapacity, "capacity changes"},
		{evNoticeCheck, "price notices for every changed pool, then capacity notices"},
		{evHazard, "stochastic evictions"},
		{evEvictDue, "NotBefore falls due"},
		{evTransitionDone, "complete"},
		{evFleetCreate, "create_at"},
		{evAction, "in file order"},
		{evRestart, "restart"},
		{evReplace, "replace attempts"},
		{evBatch, "batch workload checks"},
		{evPolicy, "batch policy ticks"},
		{evService, "dynamic fallback checks"},
		{evReclaimSelect, "choosing the pools"},
		{evReclaim, "correlated reclaims"},
		{evReclaimNext, "scheduling the next"},
		{evRecover, "a correlated reclaim held coming back"},
		{evRebalance, "rebalance recommendations"},
		{evFalseAlarm, "false alarms"},
		{evRebalanceDelete, "deletes after a rebalance recommendation"},
	}
	if len(rows) != int(numKinds) {
		t.Fatalf("the test covers %d kinds of event; the engine has %d", len(rows), numKinds)
	}
	seen := map[pendingKind]bool{}
	for _, r := range rows {
		seen[r.kind] = true
		if p := phaseOf[r.kind]; !strings.Contains(items[p], r.phrase) {
			t.Errorf("kind %d runs in phase %d (%s), but README item %d does not say %q: %s", r.kind, p+1, p, p+1, r.phrase, items[p])
		}
	}
	if len(seen) != int(numKinds) {
		t.Errorf("the test's rows name %d distinct kinds; want %d", len(seen), numKinds)
	}
}
