package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/pflag"

	"github.com/spotsim/spotsim/cmd/internal/plot"
	"github.com/spotsim/spotsim/cmd/internal/report"
)

func plotCmd(args []string, stdout, _ io.Writer) error {
	var format, out string
	fl := newFlags("plot", "RESULTS_DIR", "Draw the charts of a finished run or sweep folder from its CSV files.", stdout)
	fl.StringVar(&format, "format", "png", "image format: png or svg (960×480 px; 720×360 pt)")
	fl.StringVar(&out, "out", "", "folder for the charts (default RESULTS_DIR/plots)")
	target := targetFlag(fl)
	if err := parse(fl, args); err != nil {
		return err
	}
	tg, err := target()
	if err != nil {
		return err
	}
	if fl.NArg() != 1 {
		return bad(fmt.Errorf("takes one results folder, got %d", fl.NArg()))
	}
	if format != "png" && format != "svg" {
		return bad(fmt.Errorf("--format %q: want png or svg", format))
	}
	dir := fl.Arg(0)
	if out == "" {
		out = filepath.Join(dir, "plots")
	}
	if fi, err := os.Stat(out); err == nil && !fi.IsDir() {
		return bad(fmt.Errorf("--out %s: is a file; want a folder for the charts", out))
	}
	figs, err := plot.FiguresFor(dir, tg)
	if err != nil {
		return bad(err)
	}
	if len(figs) == 0 {
		return bad(fmt.Errorf("%s: nothing to draw: the folder has a summary but none of prices.csv, timeline.csv, fleets.csv, workload.csv (a run with --outputs summary); run it again with --outputs all or name the files", dir))
	}
	paths, err := plot.WriteFigures(figs, out, format)
	if err != nil {
		return err
	}
	for _, p := range paths {
		fmt.Fprintln(stdout, p)
	}
	return nil
}

func reportCmd(args []string, stdout, stderr io.Writer) error {
	var out string
	fl := newFlags("report", "RESULTS_DIR", "Write a self-contained report.html for a finished run or sweep folder: headline numbers, charts, top fleets, links to the CSV files. For a sweep, also print each swept fleet's configuration table and recommendation.", stdout)
	fl.StringVar(&out, "out", "", "file to write (default RESULTS_DIR/report.html)")
	target := targetFlag(fl)
	if err := parse(fl, args); err != nil {
		return err
	}
	tg, err := target()
	if err != nil {
		return err
	}
	if fl.NArg() != 1 {
		return bad(fmt.Errorf("takes one results folder, got %d", fl.NArg()))
	}
	dir := fl.Arg(0)
	if out == "" {
		out = filepath.Join(dir, "report.html")
	}
	if fi, err := os.Stat(out); err == nil && fi.IsDir() {
		return bad(fmt.Errorf("--out %s: is a folder; want the path of the HTML file to write, such as %s", out, filepath.Join(out, "report.html")))
	}
	page, err := report.BuildFor(dir, tg)
	if err != nil {
		return bad(err)
	}
	if ds, err := plot.Decide(dir, tg); err == nil {
		for _, d := range ds {
			head, rows := d.Table()
			fmt.Fprintf(stdout, "fleet %s: %s\n%s", d.Fleet, d.Recommendation(), plot.FormatTable(head, rows))
			if w := d.Warning(); w != "" {
				fmt.Fprintln(stderr, "spotsim report: warning: "+w)
			}
		}
	}
	if err := report.WriteFile(out, page); err != nil {
		return err
	}
	fmt.Fprintln(stdout, out)
	return nil
}

// targetFlag adds --target, read after parsing.
func targetFlag(fl *pflag.FlagSet) func() (*plot.Target, error) {
	s := fl.String("target", "", "a sweep's recommendation: the cheapest configuration with MEASURE>=N or MEASURE<=N of the swept fleet (default availability_pct>=99 for a service, deadline_met>=95 — percent of replications — for a batch with a deadline)")
	return func() (*plot.Target, error) {
		if *s == "" {
			return nil, nil
		}
		t, err := plot.ParseTarget(*s)
		if err != nil {
			return nil, bad(fmt.Errorf("--target: %w", err))
		}
		return &t, nil
	}
}
