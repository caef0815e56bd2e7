// Command spotsim simulates fleets of Azure Spot VMs against spot price and
// capacity traces. See the README for the scenario file and the outputs.
package main

import "os"

func main() {
	os.Exit(Main(os.Args[1:], os.Stdout, os.Stderr))
}
