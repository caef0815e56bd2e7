package main

import (
	"errors"
	"fmt"
	"io"
	"math/big"
	"os"
	"strconv"
	"text/tabwriter"
	"time"

	"spotsim/cmd/internal/report"
	"spotsim/pricing"
)

func tracesCmd(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(stdout, "Usage: spotsim traces import|stats [flags] ...\n\n"+
			"  import  convert traces in foreign formats to one canonical long-format CSV\n"+
			"  stats   per pool: span, points, min/mean/max price, time above a max price\n\n"+
			"Run 'spotsim traces import --help' for its flags.\n")
		if len(args) == 0 {
			return bad(errors.New("names no subcommand; want import or stats"))
		}
		return nil
	}
	switch args[0] {
	case "import":
		return tracesImport(args[1:], stdout)
	case "stats":
		return tracesStats(args[1:], stdout)
	}
	return bad(fmt.Errorf("unknown subcommand %q; want import or stats", args[0]))
}

var importFormats = "csv, azure-retail, azure-snapshots (a folder), resource-graph, aws, availability, fleet-log"

type traceInput struct {
	format, region, sku, start string
	capacity                   bool
}

func (in *traceInput) flags(fl interface {
	StringVar(*string, string, string, string)
	BoolVar(*bool, string, bool, string)
}) {
	fl.StringVar(&in.format, "format", "csv", "input format: "+importFormats)
	fl.BoolVar(&in.capacity, "capacity", false, "csv input holds capacity (timestamp,region,sku,capacity), not prices")
	fl.StringVar(&in.region, "region", "", "availability, fleet-log: the pool's region")
	fl.StringVar(&in.sku, "sku", "", "availability, fleet-log: the pool's size")
	fl.StringVar(&in.start, "start", "", "availability, fleet-log: when the trace begins, RFC 3339 UTC (the file has no dates)")
}

// read reads one input into a trace set and says which kind it is.
func (in *traceInput) read(path string) (*pricing.TraceSet, pricing.Kind, error) {
	switch in.format {
	case "csv":
		kind := pricing.PriceTrace
		if in.capacity {
			kind = pricing.CapacityTrace
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, kind, err
		}
		set, err := pricing.ReadTraceBytes(data, path, kind)
		return set, kind, err
	case "azure-retail":
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, pricing.PriceTrace, err
		}
		rp, err := pricing.ReadAzureRetail(data, path)
		if err != nil {
			return nil, pricing.PriceTrace, err
		}
		return rp.Spot, pricing.PriceTrace, nil
	case "azure-snapshots":
		set, err := pricing.ReadAzureSnapshots(os.DirFS(path), path)
		return set, pricing.PriceTrace, err
	case "aws":
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, pricing.PriceTrace, err
		}
		set, err := pricing.ReadAWSSpotHistory(data, path)
		return set, pricing.PriceTrace, err
	case "resource-graph":
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, pricing.PriceTrace, err
		}
		rg, err := pricing.ReadResourceGraph(data, path)
		if err != nil {
			return nil, pricing.PriceTrace, err
		}
		if len(rg.Prices.Order) == 0 {
			return nil, pricing.PriceTrace, fmt.Errorf("%s: eviction rates only, no spot price history to import", path)
		}
		return rg.Prices, pricing.PriceTrace, nil
	case "availability", "fleet-log":
		if in.region == "" || in.sku == "" || in.start == "" {
			return nil, pricing.CapacityTrace, fmt.Errorf("%s input needs --region, --sku and --start", in.format)
		}
		start, err := time.Parse(time.RFC3339, in.start)
		if err != nil {
			return nil, pricing.CapacityTrace, fmt.Errorf("--start %q: want an RFC 3339 time such as 2026-01-05T00:00:00Z", in.start)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, pricing.CapacityTrace, err
		}
		var tr *pricing.Trace
		if in.format == "availability" {
			a, err := pricing.ReadAvailability(data, path)
			if err != nil {
				return nil, pricing.CapacityTrace, err
			}
			tr = a.Trace(start.Unix())
		} else if tr, err = pricing.ReadFleetLog(data, path, start.Unix()); err != nil {
			return nil, pricing.CapacityTrace, err
		}
		pool := pricing.Pool{Region: in.region, SKU: in.sku}
		return &pricing.TraceSet{Name: path, Pools: map[pricing.Pool]*pricing.Trace{pool: tr}, Order: []pricing.Pool{pool}}, pricing.CapacityTrace, nil
	}
	return nil, 0, fmt.Errorf("--format %q: want one of %s", in.format, importFormats)
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
	merged := &pricing.TraceSet{Name: out, Pools: map[pricing.Pool]*pricing.Trace{}}
	var kind pricing.Kind
	for _, path := range fl.Args() {
		set, k, err := in.read(path)
		if err != nil {
			return bad(err)
		}
		kind = k
		for _, p := range set.Order {
			if _, dup := merged.Pools[p]; dup {
				return bad(fmt.Errorf("%s: pool %s is also in an earlier input", path, p))
			}
			merged.Pools[p], merged.Order = set.Pools[p], append(merged.Order, p)
		}
	}
	if err := report.WriteFileAtomic(out, func(w io.Writer) error { return pricing.WriteTrace(w, merged, kind) }); err != nil {
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
	fl := newFlags("traces stats", "IN", "Per pool: first and last point, points, min, time-weighted mean and max price, and the\n"+
		"share of the time the price was above --max-price: what to check before choosing a max price.", stdout)
	in.flags(fl)
	fl.StringVar(&maxPrice, "max-price", "", "a max price to test, USD per hour")
	if err := parse(fl, args); err != nil {
		return err
	}
	if fl.NArg() != 1 {
		return bad(fmt.Errorf("takes one input, got %d", fl.NArg()))
	}
	limit := pricing.Price(-1)
	if maxPrice != "" {
		p, err := pricing.ParsePrice(maxPrice)
		if err != nil || p <= 0 {
			return bad(fmt.Errorf("--max-price %q: want a decimal > 0", maxPrice))
		}
		limit = p
	}
	set, kind, err := in.read(fl.Arg(0))
	if err != nil {
		return bad(err)
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "region\tsku\tfirst\tlast\tpoints\tmin\tmean\tmax\tabove_max_pct")
	for _, p := range set.Order {
		tr := set.Pools[p]
		lo, hi := tr.Values[0], tr.Values[0]
		var weighted, above big.Int
		span := tr.Times[len(tr.Times)-1] - tr.Times[0]
		for i, v := range tr.Values {
			lo, hi = min(lo, v), max(hi, v)
			if i+1 < len(tr.Times) {
				dt := tr.Times[i+1] - tr.Times[i]
				weighted.Add(&weighted, new(big.Int).Mul(big.NewInt(v), big.NewInt(dt)))
				if limit >= 0 && v > int64(limit) {
					above.Add(&above, big.NewInt(dt))
				}
			}
		}
		mean, pct := value(kind, lo), "-"
		if span > 0 {
			q := new(big.Int).Quo(&weighted, big.NewInt(span))
			mean = value(kind, q.Int64())
			if kind == pricing.CapacityTrace {
				f, _ := new(big.Rat).SetFrac(&weighted, big.NewInt(span)).Float64()
				mean = strconv.FormatFloat(f, 'f', 3, 64)
			}
			if limit >= 0 {
				pct = strconv.FormatFloat(100*float64(above.Int64())/float64(span), 'f', 2, 64)
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%s\t%s\t%s\t%s\n", p.Region, p.SKU, day(tr.Times[0]), day(tr.Times[len(tr.Times)-1]),
			len(tr.Times), value(kind, lo), mean, value(kind, hi), pct)
	}
	return tw.Flush()
}

func value(kind pricing.Kind, v int64) string {
	if kind == pricing.CapacityTrace {
		if v == pricing.Unlimited {
			return "unlimited"
		}
		return strconv.FormatInt(v, 10)
	}
	return pricing.Price(v).USD6()
}

func day(unix int64) string { return time.Unix(unix, 0).UTC().Format(time.RFC3339) }
