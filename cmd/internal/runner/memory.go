package runner

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/spotsim/spotsim/cmd/internal/scenario"
	"github.com/spotsim/spotsim/sim"
)

// Memory estimate of a run, before it starts (README, Reliability). The
// figures are calibrated on the benchmarks (README, Performance): B1's
// 2.1 M price points took 118 MiB with few VMs, under 64 B a point; B2's
// 3.4 M VMs (2.5 M by the count below) took 0.53 GiB, about 210 B a VM
// counted (a deleted VM keeps a 104-byte record, a live one a 192-byte
// slot); B1's logs (every output) took about 200 B per event.
// It is an estimate, within a factor of about two on those benchmarks, not
// a bound: evictions, and so replacements and events, depend on the draws.
const (
	MemBase     = 32 << 20
	memPerPoint = 64
	memPerVM    = 210
	memPerEvent = 200
)

// EstimateMemory is the bytes a run of cfg is expected to need.
func EstimateMemory(cfg *sim.Config) uint64 {
	var vms, events float64
	points := float64(pointsOf(cfg))
	days := float64(cfg.Horizon) / 86400
	peak := scenario.PeakCounts(cfg)
	for i, f := range cfg.Fleets {
		n := float64(peak[i])
		if f.After == sim.ReplaceAutomation && f.Priority == sim.Spot {
			// Every eviction adds a VM: B2's fleets made 3.4 VMs per
			// wanted VM in 30 days.
			n *= 1 + min(days/10, 3)
		}
		vms += n
		if cfg.Record.Events || cfg.Record.Usage || cfg.Record.Notices {
			// About one eviction a VM-day on B1's prices, and six rows
			// for a VM's life around them.
			perVM := 6.0
			if f.Priority == sim.Spot {
				perVM += days
			}
			events += n * perVM
		}
	}
	return uint64(MemBase + points*memPerPoint + vms*memPerVM + events*memPerEvent)
}

// MachineMemory is the memory this process may use: the machine's, or its
// control group's limit when lower. ok is false where it cannot be told.
var MachineMemory = func() (uint64, bool) {
	var total uint64
	if data, err := os.ReadFile("/proc/meminfo"); err == nil {
		sc := bufio.NewScanner(bytes.NewReader(data))
		for sc.Scan() {
			if f := strings.Fields(sc.Text()); len(f) >= 2 && f[0] == "MemTotal:" {
				if kib, err := strconv.ParseUint(f[1], 10, 64); err == nil {
					total = kib << 10
				}
			}
		}
	}
	for _, path := range []string{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"} {
		if data, err := os.ReadFile(path); err == nil {
			if lim, err := strconv.ParseUint(strings.TrimSpace(string(data)), 10, 64); err == nil && lim > 0 && (total == 0 || lim < total) {
				total = lim
			}
		}
	}
	return total, total > 0
}

// CheckMemory refuses a run whose estimate exceeds the machine's memory,
// unless skip: such a run would swap for hours or be killed part way.
func CheckMemory(cfg *sim.Config, runs int, skip bool) error {
	if skip {
		return nil
	}
	have, ok := MachineMemory()
	if !ok {
		return nil
	}
	need := EstimateMemory(cfg) * uint64(max(runs, 1))
	if need > have {
		return fmt.Errorf("this run is estimated to need %s of memory and the machine has %s (the estimate: %d price points, the VMs the fleets want, and the events the outputs keep; README, Reliability); ask for fewer outputs (--outputs), a shorter horizon or fewer VMs, or pass --skip-memory-check to run it anyway",
			mib(need), mib(have), pointsOf(cfg))
	}
	return nil
}

func pointsOf(cfg *sim.Config) int {
	n := 0
	for _, p := range cfg.Pools {
		if p.Spot != nil {
			n += len(p.Spot.Times)
		}
		n += len(p.Capacity.Times)
	}
	return n
}

func mib(b uint64) string {
	if b >= 10<<30 {
		return fmt.Sprintf("%.1f GiB", float64(b)/(1<<30))
	}
	return fmt.Sprintf("%d MiB", b>>20)
}
