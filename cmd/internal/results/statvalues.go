package results

import (
	"io"
	"math"
	"math/big"

	"github.com/spotsim/spotsim/pricing"
	"github.com/spotsim/spotsim/sim"
	"github.com/spotsim/spotsim/sim/summary"
)

// Stats gathers replications' summary measures for summary_stats.csv, as
// numbers taken from the typed measures (sim/summary), never from the CSV
// text. Each is the figure summary.csv prints — hours, dollars and
// percentages rounded to six places, the nearest float64 to that decimal —
// so the statistics describe the file's rows.
type Stats struct{ rows [][]float64 }

// Add adds one replication's run, from its summary.Summary measures m, or
// from a pass over the VMs when m is nil.
func (s *Stats) Add(res *sim.Result, m *summary.Measures) error {
	v, err := runValues(res, m)
	if err != nil {
		return err
	}
	s.rows = append(s.rows, v)
	return nil
}

// runValues are the run's measures (summary.csv's measureColumns) as numbers.
func runValues(res *sim.Result, m *summary.Measures) ([]float64, error) {
	if m == nil {
		var err error
		if m, err = summary.Summary(res); err != nil {
			return nil, err
		}
	}
	return append(measureValues(m, res.Config.Horizon), tailValues(summary.TailOf(res, -1))...), nil
}

// Write writes summary_stats.csv (WriteStats) over the runs added.
func (s *Stats) Write(w io.Writer) error { return WriteStats(w, measureColumns, s.rows) }

// measureValues are the numbers of measureCells and workloadCells, column
// for column (tailValues has the tail columns'); NaN where the row prints no number (an empty cell, a time,
// true or false).
func measureValues(m *summary.Measures, horizon int64) []float64 {
	c := m.Money()
	v := []float64{
		float64(m.VMs), float64(m.Notices), float64(m.PriceEvictions + m.CapacityEvictions),
		float64(m.PriceEvictions), float64(m.CapacityEvictions), float64(m.FailedCreates), float64(m.FailedStarts),
		hoursValue(m.Running), hoursValue(m.Deallocated),
		usdValue(c.Compute), usdValue(c.Disk), usdValue(c.Total()), usdValue(c.PAYG), usdValue(c.Savings()),
		percentValue(m.SavingsExact.Big(), m.PAYGExact.Big()),
		float64(m.Spot), float64(m.Regular), hoursValue(m.Stopped), hoursValue(m.Billed), hoursValue(horizon),
	}
	nan := math.NaN()
	if m.Workloads == 0 {
		return append(v, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan)
	}
	avail, below := nan, nan
	if m.Services > 0 {
		below = hoursValue(m.Below)
		avail = percentValue(big.NewInt(m.Served), big.NewInt(m.Wanted))
	}
	net := m.BaselineExact.Sub(m.Actual).Big()
	v = append(v, avail, below, usdValue(m.Baseline.Micros()), percentValue(net, m.BaselineExact.Big()))
	if m.Batches == 0 {
		return append(v, nan, nan, nan, nan, nan, nan)
	}
	perHour := nan
	if q := m.CostPerWorkHour(); q != nil {
		perHour = sixPlaces(q)
	}
	// completed_at is a time and deadline_met true or false: no statistics.
	return append(v, hoursValue(m.WorkDone), hoursValue(m.WorkLost), nan, hoursValue(m.BatchEnd(horizon)-m.FirstCreate), nan, perHour)
}

// sixPlaces is n millionths as the nearest float64, as strconv.ParseFloat
// reads the six-place decimal the files print.
func sixPlaces(n *big.Int) float64 {
	f, _ := new(big.Rat).SetFrac(n, big.NewInt(1_000_000)).Float64()
	return f
}

func usdValue(m pricing.Micros) float64 { return sixPlaces(m.Big()) }

// hoursValue is hours(sec) as a number: micro-hours rounded half up.
func hoursValue(sec int64) float64 {
	neg := sec < 0
	u := uint64(sec)
	if neg {
		u = -u
	}
	n := new(big.Int).SetUint64(u / 3600)
	n.Mul(n, big.NewInt(1_000_000))
	n.Add(n, new(big.Int).SetUint64((u%3600*1_000_000+1800)/3600))
	if neg {
		n.Neg(n)
	}
	return sixPlaces(n)
}

// percentValue is percent(num, den, 6) as a number: 100·num/den in
// millionths, rounded half away from zero; NaN when den is 0.
func percentValue(num, den *big.Int) float64 {
	if den.Sign() == 0 {
		return math.NaN()
	}
	q, neg := percentUnits(num, den, 6)
	if neg {
		q.Neg(q)
	}
	return sixPlaces(q)
}
