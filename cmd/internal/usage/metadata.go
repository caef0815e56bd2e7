package usage

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"strings"
	"time"

	"github.com/spotsim/spotsim/sim"
)

// billingMonth is the calendar month (UTC) holding t: inclusive start,
// exclusive end.
func billingMonth(unix int64) (string, string) {
	t := time.Unix(unix, 0).UTC()
	first := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
	return first.Format(time.RFC3339), first.AddDate(0, 1, 0).Format(time.RFC3339)
}

// Metadata is focus_metadata.json for FOCUS 1.2, the sidecar describing the
// dataset.
type Metadata struct {
	FocusVersion  string `json:"FocusVersion"`
	DataGenerator string `json:"DataGenerator"`
	CreationDate  string `json:"CreationDate"`
	Scenario      string `json:"x_Scenario"`
	Granularity   string `json:"x_Granularity"`
}

// Metadata13 is focus_metadata.json for FOCUS 1.3, whose metadata is a set
// of collections: the dataset instance, its recency (how complete which
// time sectors are), its schema and the generator.
type Metadata13 struct {
	DatasetInstance []DatasetInstance `json:"DatasetInstance"`
	Recency         []Recency         `json:"Recency"`
	Schema          []Schema          `json:"Schema"`
	DataGenerator   DataGenerator     `json:"DataGenerator"`
}

type DatasetInstance struct {
	DatasetInstanceId   string `json:"DatasetInstanceId"`
	DatasetInstanceName string `json:"DatasetInstanceName"`
	FocusDatasetId      string `json:"FocusDatasetId"`
}

type Recency struct {
	DatasetInstanceId       string       `json:"DatasetInstanceId"`
	DatasetInstanceComplete bool         `json:"DatasetInstanceComplete"`
	TimeSectors             []TimeSector `json:"TimeSectors"`
}

type TimeSector struct {
	TimeSectorStart    string `json:"TimeSectorStart"`
	TimeSectorEnd      string `json:"TimeSectorEnd"`
	TimeSectorComplete bool   `json:"TimeSectorComplete"`
}

type Schema struct {
	SchemaId         string             `json:"SchemaId"`
	FocusVersion     string             `json:"FocusVersion"`
	CreationDate     string             `json:"CreationDate"`
	ColumnDefinition []ColumnDefinition `json:"ColumnDefinition"`
}

type ColumnDefinition struct {
	ColumnName string `json:"ColumnName"`
	DataType   string `json:"DataType"`
}

type DataGenerator struct {
	DataGenerator string `json:"DataGenerator"`
}

// WriteMetadata writes focus_metadata.json for version v. The creation date
// is the scenario's start, not the wall clock, so the same run gives the same
// bytes.
func WriteMetadata(w io.Writer, res *sim.Result, generator string, byResource bool, v FOCUSVersion) error {
	start := res.Config.Start
	g := "one row per fleet, meter and UTC day"
	if byResource {
		g = "one row per resource (VM compute, VM disks) and UTC day"
	}
	created := start.UTC().Format(time.RFC3339)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if v != FOCUS13 {
		return enc.Encode(Metadata{FocusVersion: string(v), DataGenerator: generator, CreationDate: created,
			Scenario: res.Config.Name, Granularity: g})
	}
	// A run is complete when written: every billing month it touches is a
	// complete time sector.
	name := res.Config.Name + ": " + g
	sum := sha256.Sum256([]byte(name))
	id := hex.EncodeToString(sum[:8])
	var sectors []TimeSector
	for m := start.Unix(); m < start.Unix()+res.Config.Horizon; {
		from, to := billingMonth(m)
		sectors = append(sectors, TimeSector{from, to, true})
		t, _ := time.Parse(time.RFC3339, to)
		m = t.Unix()
	}
	cols := FOCUSColumns(FOCUS13)
	defs := make([]ColumnDefinition, len(cols))
	for i, c := range cols {
		defs[i] = ColumnDefinition{c, focusType(c)}
	}
	return enc.Encode(Metadata13{
		DatasetInstance: []DatasetInstance{{id, name, "CostAndUsage"}},
		Recency:         []Recency{{id, true, sectors}},
		Schema:          []Schema{{id, string(FOCUS13), created, defs}},
		DataGenerator:   DataGenerator{generator},
	})
}

// focusType is a column's FOCUS data type.
func focusType(col string) string {
	switch {
	case col == "Tags" || col == "SkuPriceDetails":
		return "JSON"
	case strings.HasSuffix(col, "Start") || strings.HasSuffix(col, "End"):
		return "Date/Time"
	case strings.HasSuffix(col, "Cost") || strings.HasSuffix(col, "Price") || strings.HasSuffix(col, "Quantity") || col == "x_Evictions":
		return "Decimal"
	}
	return "String"
}
