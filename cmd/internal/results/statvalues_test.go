package results

import (
	"bytes"
	"encoding/csv"
	"math"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/spotsim/spotsim/cmd/internal/scenario"
	"github.com/spotsim/spotsim/sim"
)

// summary_stats.csv takes its numbers from the typed measures, not from
// summary.csv's text; they must still be the file's figures. For runs with
// every kind of measure (services, batches with and without deadlines,
// nothing billed), each summary cell that is a number is exactly the value
// the statistics use, and each that is not (empty, a time, true/false) is
// NaN; a measure column without a value fails too.
func TestMeasureValuesAreTheSummaryFigures(t *testing.T) {
	runs := map[string]*sim.Result{"sample": sample(t), "example": runExample(t)}
	for _, name := range []string{"batch", "service", "fleet"} {
		sc, err := scenario.Load(filepath.Join("..", "..", "..", "scenarios", name+".yaml"))
		if err != nil {
			t.Fatal(err)
		}
		for _, seed := range []uint64{1, 2} {
			cfg := sc.Config
			cfg.Seed = seed
			res, err := sim.Run(&cfg)
			if err != nil {
				t.Fatal(err)
			}
			runs[name+"/"+strconv.FormatUint(seed, 10)] = res
		}
	}
	for name, res := range runs {
		var b bytes.Buffer
		if err := WriteSummary(&b, res); err != nil {
			t.Fatal(err)
		}
		all, err := csv.NewReader(&b).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		values, err := runValues(res, nil)
		if err != nil {
			t.Fatal(err)
		}
		cells := all[1][2:] // after scenario and seed
		if len(values) != len(measureColumns) || len(cells) < len(measureColumns) {
			t.Fatalf("%s: %d values, %d cells for %d measure columns", name, len(values), len(cells), len(measureColumns))
		}
		for i, col := range measureColumns {
			x, err := strconv.ParseFloat(cells[i], 64)
			switch {
			case err != nil && !math.IsNaN(values[i]):
				t.Errorf("%s: %s prints %q but its statistic uses %v", name, col, cells[i], values[i])
			case err == nil && x != values[i]:
				t.Errorf("%s: %s prints %q but its statistic uses %v", name, col, cells[i], values[i])
			}
		}
	}
}
