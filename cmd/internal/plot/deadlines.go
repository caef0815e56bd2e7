package plot

import (
	"os"
	"path/filepath"

	"gopkg.in/yaml.v3"

	"github.com/spotsim/spotsim/cmd/internal/scenario"
)

// deadlines reads each batch fleet's deadline (Unix seconds) from the
// folder's scenario.resolved.yaml, or a replicated run's (two folders up
// from replications/<r>/). No file or no deadline: none drawn; the
// charts never fail for want of it.
func deadlines(dir string, start float64) map[string]float64 {
	out := map[string]float64{}
	for name, d := range deadlineSpans(dir) {
		out[name] = start + float64(d[0]+d[1])
	}
	return out
}

// deadlineSpans is each batch fleet's create_at and deadline, in seconds.
func deadlineSpans(dir string) map[string][2]int64 {
	out := map[string][2]int64{}
	data, err := os.ReadFile(filepath.Join(dir, "scenario.resolved.yaml"))
	if err != nil && filepath.Base(filepath.Dir(dir)) == "replications" {
		data, err = os.ReadFile(filepath.Join(dir, "..", "..", "scenario.resolved.yaml"))
	}
	if err != nil {
		return out
	}
	var doc struct {
		Fleets []struct {
			Name     string `yaml:"name"`
			CreateAt string `yaml:"create_at"`
			Workload struct {
				Deadline string `yaml:"deadline"`
			} `yaml:"workload"`
		} `yaml:"fleets"`
	}
	if yaml.Unmarshal(data, &doc) != nil {
		return out
	}
	for _, f := range doc.Fleets {
		if f.Workload.Deadline == "" {
			continue
		}
		d, err := scenario.ParseDuration(f.Workload.Deadline)
		if err != nil || d <= 0 {
			continue
		}
		var at int64
		if f.CreateAt != "" {
			if at, err = scenario.ParseDuration(f.CreateAt); err != nil {
				continue
			}
		}
		out[f.Name] = [2]int64{at, d}
	}
	return out
}
