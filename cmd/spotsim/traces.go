package main

import (
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"path/filepath"
	"time"

	"github.com/spotsim/spotsim/cmd/internal/results"
	"github.com/spotsim/spotsim/cmd/internal/tracefile"
	"github.com/spotsim/spotsim/cmd/internal/tracestats"
	"github.com/spotsim/spotsim/pricing"
	"github.com/spotsim/spotsim/pricing/traces"
	"github.com/spotsim/spotsim/sim/seed"
)

func tracesCmd(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(stdout, "Usage: spotsim traces import|stats|gen [flags] ...\n\n"+
			"  import  convert traces in foreign formats to one canonical long-format CSV\n"+
			"  stats   per pool: span, points, min/mean/max price, time above a max price\n"+
			"  gen     draw seeded synthetic price and capacity traces\n\n"+
			"Run 'spotsim traces import --help' (or stats, gen) for its flags.\n")
		if len(args) == 0 {
			return bad(errors.New("names no subcommand; want import, stats or gen"))
		}
		return nil
	}
	switch args[0] {
	case "import":
		return tracesImport(args[1:], stdout)
	case "stats":
		return tracesStats(args[1:], stdout)
	case "gen":
		return tracesGen(args[1:], stdout)
	}
	return bad(fmt.Errorf("unknown subcommand %q; want import, stats or gen", args[0]))
}

// traceInput is the flags that say how to read a trace input.
type traceInput struct{ tracefile.Input }

func (in *traceInput) flags(fl interface {
	StringVar(*string, string, string, string)
	BoolVar(*bool, string, bool, string)
}) {
	fl.StringVar(&in.Format, "format", "csv", "input format: "+tracefile.Help())
	fl.BoolVar(&in.Capacity, "capacity", false, "csv input holds capacity (timestamp,region,sku,capacity), not prices; a header naming capacity says so too")
	fl.StringVar(&in.Region, "region", "", "availability, fleet-log, skynomad-availability: the pool's region")
	fl.StringVar(&in.SKU, "sku", "", "availability, fleet-log, skynomad-availability, skynomad-prices: the pool's size")
	fl.StringVar(&in.Start, "start", "", "availability, fleet-log, skynomad-prices: when the trace begins, RFC 3339 UTC (the file has no dates)")
}

func tracesImport(args []string, stdout io.Writer) error {
	var in traceInput
	var out string
	fl := newFlags("traces import", "IN...", "Convert traces to one canonical long-format CSV (SPEC.md section 5), validated.\n"+
		"Several inputs of one format are merged; a pool may appear in one input only.", stdout)
	in.flags(fl)
	fl.StringVar(&out, "out", "", "the CSV to write (required)")
	if err := parse(fl, args); err != nil {
		return err
	}
	if fl.NArg() == 0 || out == "" {
		return bad(errors.New("needs at least one input and --out"))
	}
	merged := &traces.TraceSet{Name: out, Pools: map[traces.Pool]*traces.Trace{}}
	var kind traces.Kind
	files := tracefile.Disk()
	for _, path := range fl.Args() {
		set, k, err := in.Read(files, path)
		if err != nil {
			return bad(err)
		}
		kind = k
		if err := tracefile.Merge(merged, path, set); err != nil {
			return bad(err)
		}
	}
	if err := results.WriteFileAtomic(out, func(w io.Writer) error { return traces.WriteTrace(w, merged, kind) }); err != nil {
		return err
	}
	points := 0
	for _, tr := range merged.Pools {
		points += len(tr.Times)
	}
	fmt.Fprintf(stdout, "%s: %d pools, %d points\n", out, len(merged.Order), points)
	return nil
}

func tracesStats(args []string, stdout io.Writer) error {
	var in traceInput
	var maxPrice string
	var asCSV bool
	fl := newFlags("traces stats", "IN", "Per pool: first and last point, points, min, time-weighted mean and max price, and the\n"+
		"share of the time the price was above --max-price: what to check before choosing a max price.\n"+
		"For capacity traces, also the correlated-reclaim model fitted to them: reclaim events a day,\n"+
		"mean share taken, mean recovery, and the hazard and band they imply (docs/evictions.md).", stdout)
	in.flags(fl)
	fl.StringVar(&maxPrice, "max-price", "", "a max price to test, USD per hour")
	fl.BoolVar(&asCSV, "csv", false, "write CSV (the same columns; empty for not applicable) instead of aligned text")
	if err := parse(fl, args); err != nil {
		return err
	}
	if fl.NArg() != 1 {
		return bad(fmt.Errorf("takes one input, got %d", fl.NArg()))
	}
	limit := pricing.Price(-1)
	if maxPrice != "" {
		p, err := pricing.ParsePrice(maxPrice)
		if err != nil || p <= 0 || pricing.ValidateMaxPrice(p) != nil {
			return bad(fmt.Errorf("--max-price %q: want a decimal > 0 with at most 5 decimal places, as a max price is (MaxPriceValueInvalid)", maxPrice))
		}
		limit = p
	}
	set, kind, err := in.Read(tracefile.Disk(), fl.Arg(0))
	if err != nil {
		return bad(err)
	}
	return tracestats.Write(stdout, set, kind, limit, asCSV)
}

// Limits of traces gen (README, Reliability): the longest horizon a
// scenario may have, one change a second, and a trace of at most 10^8
// points (about 3 GB of CSV, more than any scenario needs).
const (
	maxGenDays   = 100_000
	maxPerDay    = 86_400
	maxGenPoints = 100_000_000
)

type genOptions struct {
	region, sku, payg, start, out, capOut, recovery string
	days                                            int
	seed                                            uint64
	model                                           traces.PriceModel
	capacity                                        traces.CapacityModel
}

func tracesGen(args []string, stdout io.Writer) error {
	o := genOptions{model: traces.AzureFit}
	fl := newFlags("traces gen", "", "Draw a synthetic spot price trace (and, with --capacity-out, a capacity trace) for one pool,\n"+
		"from a seed: the same flags give the same files. The price model's defaults are fitted to the\n"+
		"real Azure spot history (docs/traces.md).", stdout)
	fl.StringVar(&o.region, "region", "eastus", "the pool's region")
	fl.StringVar(&o.sku, "sku", "Standard_D2s_v5", "the pool's size")
	fl.StringVar(&o.payg, "payg", "0.096", "the pool's pay-as-you-go price, USD per hour (the ceiling)")
	fl.StringVar(&o.start, "start", "2026-01-01T00:00:00Z", "the first point, RFC 3339 UTC")
	fl.IntVar(&o.days, "days", 365, "how many days to draw")
	fl.Uint64Var(&o.seed, "seed", 1, "the seed")
	fl.Float64Var(&o.model.Level, "level", o.model.Level, "mean price, fraction of pay-as-you-go")
	fl.Float64Var(&o.model.Reversion, "reversion", o.model.Reversion, "share of the distance to the level closed at each change")
	fl.Float64Var(&o.model.Volatility, "volatility", o.model.Volatility, "standard deviation of a change, fraction of pay-as-you-go")
	fl.Float64Var(&o.model.ChangesPerDay, "changes-per-day", o.model.ChangesPerDay, "mean number of price changes a day")
	fl.Float64Var(&o.model.Floor, "floor", o.model.Floor, "lowest price, fraction of pay-as-you-go")
	fl.StringVar(&o.out, "out", "", "the price CSV to write (required)")
	fl.StringVar(&o.capOut, "capacity-out", "", "also write a capacity CSV")
	fl.Int64Var(&o.capacity.Base, "capacity", 100, "spot VMs the pool hosts between reclaims")
	fl.Float64Var(&o.capacity.ReclaimsPerDay, "reclaims-per-day", 0.5, "mean number of reclaim events a day")
	fl.Float64Var(&o.capacity.Depth, "depth", 0.5, "mean share of the capacity a reclaim takes")
	fl.StringVar(&o.recovery, "recovery", "2h", "mean time for capacity to come back")
	if err := parse(fl, args); err != nil {
		return err
	}
	start, err := time.Parse(time.RFC3339, o.start)
	payg, perr := pricing.ParsePrice(o.payg)
	rec, rerr := time.ParseDuration(o.recovery)
	switch {
	case o.out == "":
		return bad(errors.New("--out is required"))
	case err != nil:
		return bad(fmt.Errorf("--start %q: want an RFC 3339 time", o.start))
	case start.Unix() < traces.FirstTime:
		return bad(fmt.Errorf("--start %s: want a time from 1970 on, as a canonical trace holds", o.start))
	case o.region == "" || o.sku == "":
		return bad(errors.New("--region and --sku: want the pool's names, not empty (a trace row needs both)"))
	case o.capOut != "" && filepath.Clean(o.capOut) == filepath.Clean(o.out):
		return bad(fmt.Errorf("--capacity-out %s: is --out's file too; want another file for the capacity trace", o.capOut))
	case perr != nil || payg <= 0:
		return bad(fmt.Errorf("--payg %q: want a decimal > 0", o.payg))
	case rerr != nil || rec <= 0:
		return bad(fmt.Errorf("--recovery %q: want a duration > 0 such as 2h", o.recovery))
	case o.days < 1 || o.days > maxGenDays:
		// A trace longer than any scenario can run is of no use, and its
		// timestamps soon pass year 9999, which RFC 3339 cannot write.
		return bad(fmt.Errorf("--days %d: want 1 to %d, the longest horizon a scenario may have", o.days, maxGenDays))
	case start.AddDate(0, 0, o.days).Year() > 9999:
		return bad(fmt.Errorf("--start %s --days %d: the trace would end after year 9999, which RFC 3339 cannot write", o.start, o.days))
	case !(o.model.ChangesPerDay <= maxPerDay) || !(o.capacity.ReclaimsPerDay <= maxPerDay):
		return bad(fmt.Errorf("--changes-per-day and --reclaims-per-day: want at most %d (one a second, the traces' resolution)", maxPerDay))
	case float64(o.days)*(o.model.ChangesPerDay+2*o.capacity.ReclaimsPerDay) > maxGenPoints:
		return bad(fmt.Errorf("--days %d × (--changes-per-day %g + 2 × --reclaims-per-day %g) is over %d points: each costs memory while drawn and read; draw a shorter or coarser trace",
			o.days, o.model.ChangesPerDay, o.capacity.ReclaimsPerDay, maxGenPoints))
	case !(o.model.Level > 0 && o.model.Level <= 1 && o.model.Floor >= 0 && o.model.Floor <= o.model.Level &&
		o.model.Reversion >= 0 && o.model.Reversion <= 1 && o.model.Volatility >= 0 && o.model.ChangesPerDay > 0):
		return bad(errors.New("want 0 <= floor <= level <= 1, 0 <= reversion <= 1, volatility >= 0 and changes-per-day > 0"))
	case !(o.capacity.Depth > 0 && o.capacity.Depth < 1 && o.capacity.ReclaimsPerDay >= 0 && o.capacity.Base >= 0):
		return bad(errors.New("want 0 < depth < 1, reclaims-per-day >= 0 and capacity >= 0"))
	}
	o.model.PAYG = payg
	o.capacity.Recovery = rec.Seconds()
	pool := traces.Pool{Region: o.region, SKU: o.sku}
	horizon := int64(o.days) * 86400
	streams := func(prefix string) traces.Streams {
		return func(name string) rand.Source { return seed.Stream(o.seed, prefix+pool.String()+"/"+name) }
	}
	tr := traces.GeneratePrices(o.model, start.Unix(), horizon, streams("prices/"))
	set := &traces.TraceSet{Pools: map[traces.Pool]*traces.Trace{pool: tr}, Order: []traces.Pool{pool}}
	if err := results.WriteFileAtomic(o.out, func(w io.Writer) error { return traces.WriteTrace(w, set, traces.PriceTrace) }); err != nil {
		return err
	}
	st := traces.TraceStats(tr, payg)
	fmt.Fprintf(stdout, "%s: %d price points; level %.4f of pay-as-you-go (model %.4f), %.4f changes a day (model %.4f), mean change %.4f\n",
		o.out, len(tr.Times), st.Level, o.model.Level, st.ChangesPerDay, o.model.ChangesPerDay, st.MeanJump)
	if o.capOut != "" {
		ct := traces.GenerateCapacity(o.capacity, start.Unix(), horizon, streams("capacity/"))
		cs := &traces.TraceSet{Pools: map[traces.Pool]*traces.Trace{pool: ct}, Order: []traces.Pool{pool}}
		if err := results.WriteFileAtomic(o.capOut, func(w io.Writer) error { return traces.WriteTrace(w, cs, traces.CapacityTrace) }); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s: %d capacity points\n", o.capOut, len(ct.Times))
	}
	return nil
}
