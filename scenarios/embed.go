// Package scenarios holds spotsim's example scenarios and their small traces.
// The built-in example is embedded so that `spotsim run` works from any
// folder with no files at hand.
package scenarios

import "embed"

// Example is the built-in example scenario and the traces it names.
//
//go:embed example.yaml example_prices.csv example_capacity.csv
var Example embed.FS

// ExampleFile is the example scenario's name inside Example.
const ExampleFile = "example.yaml"
