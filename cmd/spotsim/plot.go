package main

import (
	"fmt"
	"io"
	"path/filepath"

	"spotsim/cmd/internal/htmlreport"
	"spotsim/cmd/internal/plot"
)

func plotCmd(args []string, stdout, _ io.Writer) error {
	var format, out string
	fl := newFlags("plot", "RESULTS_DIR", "Draw the charts of a finished run or sweep folder from its CSV files.", stdout)
	fl.StringVar(&format, "format", "png", "image format: png or svg (960×480 px; 720×360 pt)")
	fl.StringVar(&out, "out", "", "folder for the charts (default RESULTS_DIR/plots)")
	if err := parse(fl, args); err != nil {
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
	figs, err := plot.Figures(dir)
	if err != nil {
		return bad(err)
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

func reportCmd(args []string, stdout, _ io.Writer) error {
	var out string
	fl := newFlags("report", "RESULTS_DIR", "Write a self-contained report.html for a finished run or sweep folder: headline numbers, charts, top fleets, links to the CSV files.", stdout)
	fl.StringVar(&out, "out", "", "file to write (default RESULTS_DIR/report.html)")
	if err := parse(fl, args); err != nil {
		return err
	}
	if fl.NArg() != 1 {
		return bad(fmt.Errorf("takes one results folder, got %d", fl.NArg()))
	}
	dir := fl.Arg(0)
	if out == "" {
		out = filepath.Join(dir, "report.html")
	}
	page, err := htmlreport.Build(dir)
	if err != nil {
		return bad(err)
	}
	if err := htmlreport.WriteFile(out, page); err != nil {
		return err
	}
	fmt.Fprintln(stdout, out)
	return nil
}
