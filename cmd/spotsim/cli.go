package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/pflag"

	"github.com/spotsim/spotsim/cmd/internal/bug"
)

// Version is spotsim's version, written into every scenario.resolved.yaml.
const Version = "0.1.0"

// Exit codes (SPEC.md section 7).
const (
	exitOK       = 0
	exitFailed   = 1
	exitBadInput = 2
)

// badInput marks an error as the user's input (flags, scenario, trace,
// results folder): exit 2, and nothing written.
type badInput struct{ err error }

func (b badInput) Error() string { return b.err.Error() }
func (b badInput) Unwrap() error { return b.err }

func bad(err error) error { return badInput{err} }

type command struct {
	name, summary string
	run           func(args []string, stdout, stderr io.Writer) error
}

var commands = []command{
	{"run", "run a scenario (the built-in example when none is given)", runCmd},
	{"validate", "check scenario files and their traces without running them", validateCmd},
	{"sweep", "run every run of a sweep file on every core, resumably", sweepCmd},
	{"merge", "gather the shards of a sweep into one summary", mergeCmd},
	{"traces", "import foreign traces to canonical CSV; trace statistics; seeded synthetic traces", tracesCmd},
	{"serve", "replay a scenario as Azure's Scheduled Events endpoint (IMDS) for eviction handlers", serveCmd},
	{"plot", "draw the charts of a results folder (run or sweep) as PNG or SVG", plotCmd},
	{"report", "write a self-contained report.html for a results folder", reportCmd},
	{"bench", "generate the benchmark scenarios and time runs of them", benchCmd},
	{"version", "print spotsim's version", versionCmd},
}

// Main runs spotsim with args (without the program name) and returns the
// exit code. Errors go to stderr; results go to files, a short summary to
// stdout.
func Main(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stdout)
		if len(args) == 0 {
			return exitBadInput
		}
		return exitOK
	}
	for _, c := range commands {
		if c.name == args[0] {
			err := call(c, args[1:], stdout, stderr)
			switch {
			case err == nil || errors.Is(err, pflag.ErrHelp):
				return exitOK
			case errors.As(err, new(badInput)):
				fmt.Fprintln(stderr, "spotsim "+c.name+": "+err.Error())
				return exitBadInput
			default:
				fmt.Fprintln(stderr, "spotsim "+c.name+": "+err.Error())
				return exitFailed
			}
		}
	}
	fmt.Fprintf(stderr, "spotsim: unknown command %q; run 'spotsim --help' for the commands\n", args[0])
	return exitBadInput
}

// call runs a command; a panic in it is a bug (exit 1 with one line), not
// the Go runtime's exit 2, which would read as bad input.
func call(c command, args []string, stdout, stderr io.Writer) (err error) {
	defer bug.Catch(&err, "")
	return c.run(args, stdout, stderr)
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "spotsim simulates Azure Spot VM fleets against spot price and capacity traces.")
	fmt.Fprintln(w, "\nUsage: spotsim COMMAND [flags] [args]\n\nCommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'spotsim COMMAND --help' for a command's flags.")
}

// newFlags makes a subcommand's flag set; --help prints its usage to stdout.
func newFlags(name, args, about string, stdout io.Writer) *pflag.FlagSet {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SetOutput(stdout)
	fs.SortFlags = false
	fs.Usage = func() {
		fmt.Fprintf(stdout, "Usage: spotsim %s\n\n%s\n", strings.TrimSpace(name+" "+args), about)
		// A command without flags prints no empty "Flags:" heading.
		if u := fs.FlagUsages(); u != "" {
			fmt.Fprint(stdout, "\nFlags:\n"+u)
		}
	}
	return fs
}

// parse parses flags; a flag error is bad input and does not print usage to
// stdout mixed with results.
func parse(fs *pflag.FlagSet, args []string) error {
	fs.SetOutput(io.Discard)
	usage := fs.Usage
	fs.Usage = func() {}
	for _, a := range args {
		if a == "-h" || a == "--help" {
			usage()
			return pflag.ErrHelp
		}
	}
	if err := fs.Parse(args); err != nil {
		return bad(fmt.Errorf("%w (see 'spotsim %s --help')", err, fs.Name()))
	}
	// --out "" (an unset $DIR) is not "the default folder": with --force
	// that would replace results/<name> unasked.
	if f := fs.Lookup("out"); f != nil && f.Changed && f.Value.String() == "" {
		return bad(fmt.Errorf("--out: empty; want a path, or leave --out out for the default (see 'spotsim %s --help')", fs.Name()))
	}
	return nil
}

func versionCmd(args []string, stdout, _ io.Writer) error {
	fs := newFlags("version", "", "Print spotsim's version.", stdout)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return bad(fmt.Errorf("takes no arguments, got %s", strings.Join(fs.Args(), " ")))
	}
	fmt.Fprintln(stdout, "spotsim", Version)
	return nil
}
