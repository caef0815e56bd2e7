// Package tracefile reads trace files of every format spotsim knows, for
// the scenario loader and `spotsim traces` alike: one table of formats
// (Formats), one cache that reads and hashes each file once and parses it
// once per format, and one record of which file's problem has been
// reported. The parsers themselves are pure and live in pricing; this
// package opens the files and knows which parser a format takes.
package tracefile

import (
	"io/fs"
	"strings"

	"github.com/spotsim/spotsim/pricing/traces"
)

// Holds says what a format's files hold.
type Holds uint8

const (
	// Either: a canonical CSV, prices or capacity as its header says.
	Either Holds = iota
	// Prices: spot prices.
	Prices
	// Capacity: how many spot VMs a pool can host.
	Capacity
)

// Format is one trace format a scenario names with {file: PATH, format: F}
// and `spotsim traces` reads with --format F.
type Format struct {
	Name  string
	Holds Holds
	// Start: the file has no dates, so it takes a start (a scenario's
	// start: key, or --start).
	Start bool
	// Pools: the file names its pools; otherwise the reader says which
	// pool it is (a scenario's pool, or --region and --sku).
	Pools bool
	// Folder: a folder of files, not one file.
	Folder bool
	// read parses a file's bytes (or a folder) into f. kind matters to
	// csv only.
	read func(f *File, data []byte, fsys fs.FS, name string, kind traces.Kind) error
}

// Formats are the trace formats, in the order errors and help list them.
var Formats = []Format{
	{Name: "csv", Holds: Either, Pools: true, read: func(f *File, data []byte, _ fs.FS, name string, kind traces.Kind) (err error) {
		f.Set, err = traces.ReadTraceBytes(data, name, kind)
		return err
	}},
	{Name: "azure-retail", Holds: Prices, Pools: true, read: func(f *File, data []byte, _ fs.FS, name string, _ traces.Kind) error {
		rp, err := traces.ReadAzureRetail(data, name)
		if err == nil {
			f.Set = rp.Spot
		}
		return err
	}},
	{Name: "azure-snapshots", Holds: Prices, Pools: true, Folder: true, read: func(f *File, _ []byte, fsys fs.FS, name string, _ traces.Kind) (err error) {
		f.Set, err = traces.ReadAzureSnapshots(fsys, name)
		return err
	}},
	{Name: "resource-graph", Holds: Prices, Pools: true, read: func(f *File, data []byte, _ fs.FS, name string, _ traces.Kind) error {
		rg, err := traces.ReadResourceGraph(data, name)
		if err == nil {
			f.Set, f.Graph = rg.Prices, rg
		}
		return err
	}},
	{Name: "aws", Holds: Prices, Pools: true, read: func(f *File, data []byte, _ fs.FS, name string, _ traces.Kind) (err error) {
		f.Set, err = traces.ReadAWSSpotHistory(data, name)
		return err
	}},
	{Name: "availability", Holds: Capacity, Start: true, read: func(f *File, data []byte, _ fs.FS, name string, _ traces.Kind) (err error) {
		f.Avail, err = traces.ReadAvailability(data, name)
		return err
	}},
	{Name: "fleet-log", Holds: Capacity, Start: true, read: func(f *File, data []byte, _ fs.FS, name string, _ traces.Kind) error {
		// Checked here, cut to a pool with its start by FleetLog.
		_, err := traces.ReadFleetLog(data, name, 0)
		if err == nil {
			f.fleetLog = data
		}
		return err
	}},
	// SkyNomad's per-tick prices have no dates either; its processed
	// availability CSVs have, and hold capacity.
	{Name: "skynomad-prices", Holds: Prices, Start: true, read: func(f *File, data []byte, _ fs.FS, name string, _ traces.Kind) (err error) {
		f.Tick, err = traces.ReadTickPrices(data, name)
		return err
	}},
	{Name: "skynomad-availability", Holds: Capacity, read: func(f *File, data []byte, _ fs.FS, name string, _ traces.Kind) (err error) {
		f.Timed, err = traces.ReadTimedAvailability(data, name)
		return err
	}},
	{Name: "gcp", Holds: Prices, Pools: true, read: func(f *File, data []byte, _ fs.FS, name string, _ traces.Kind) error {
		g, err := traces.ReadGCPPriceHistory(data, name)
		if err == nil {
			f.Set = g.Spot
		}
		return err
	}},
}

// Lookup finds a format by name.
func Lookup(name string) (*Format, bool) {
	for i := range Formats {
		if Formats[i].Name == name {
			return &Formats[i], true
		}
	}
	return nil, false
}

// CSV is the canonical long-format CSV.
var CSV, _ = Lookup("csv")

// Names are the formats' names, in table order, each whose files may hold
// what holds says (Either: every format; csv, holding either, always).
func Names(holds Holds) []string {
	var out []string
	for _, f := range Formats {
		if holds == Either || f.Holds == Either || f.Holds == holds {
			out = append(out, f.Name)
		}
	}
	return out
}

// StartNames are the formats that take a start, in table order.
func StartNames() []string {
	var out []string
	for _, f := range Formats {
		if f.Start {
			out = append(out, f.Name)
		}
	}
	return out
}

// Help lists the formats for --format's help: those that name their pools
// first (they need no other flag), a folder said so.
func Help() string {
	var first, then []string
	for _, f := range Formats {
		name := f.Name
		if f.Folder {
			name += " (a folder)"
		}
		if f.Pools {
			first = append(first, name)
		} else {
			then = append(then, name)
		}
	}
	return strings.Join(append(first, then...), ", ")
}
