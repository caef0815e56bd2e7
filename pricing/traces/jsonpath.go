package traces

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"

	"github.com/spotsim/spotsim/pricing"
)

// The foreign trace formats are JSON; their readers decode into generic
// values (numbers kept as text, so prices stay exact) and report problems by
// JSON path, e.g. "prices.json: Items[12].retailPrice: ...".

// jsonValue decodes a whole JSON document, turning a syntax error into a
// file:line:col TraceError.
func jsonValue(data []byte, name string) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, jsonError(data, name, err)
	}
	if _, err := dec.Token(); err == nil {
		return nil, &TraceError{File: name, Err: errors.New("holds more than one JSON value")}
	}
	return v, nil
}

func jsonError(data []byte, name string, err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	off := int64(-1)
	switch {
	case errors.As(err, &se):
		off = max(se.Offset-1, 0) // Offset is past the offending byte

	case errors.As(err, &te):
		off = te.Offset
	}
	if off < 0 {
		return &TraceError{File: name, Err: fmt.Errorf("not valid JSON: %v", err)}
	}
	line, col := 1, 1
	for _, c := range data[:min(int(off), len(data))] {
		if c == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return &TraceError{File: name, Line: line, Column: col, Err: fmt.Errorf("not valid JSON: %v", err)}
}

// pathError is a problem at a JSON path.
func pathError(name, path, format string, args ...any) error {
	return &TraceError{File: name, Field: path, Err: fmt.Errorf(format, args...)}
}

func index(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

func member(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func jsonString(v any, name, path string) (string, error) {
	s, ok := v.(string)
	if !ok {
		return "", pathError(name, path, "want a string, got %s", jsonKind(v))
	}
	return s, nil
}

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

// jsonPrice reads a JSON number as an exact price >= 0.
func jsonPrice(v any, name, path string) (pricing.Price, error) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, pathError(name, path, "want a price (a number), got %s", jsonKind(v))
	}
	p, err := pricing.ParsePrice(n.String())
	if err != nil {
		// JSON writers put small prices in exponent form (1.2E-05): take
		// them when they are exact in nano-dollars, as a decimal would be.
		if r, ok := new(big.Rat).SetString(n.String()); ok && strings.ContainsAny(n.String(), "eE") {
			nanos := new(big.Rat).Mul(r, big.NewRat(pricing.NanosPerDollar, 1))
			if nanos.IsInt() && nanos.Num().IsInt64() && nanos.Num().Int64() <= 1<<62 {
				p, err = pricing.Price(nanos.Num().Int64()), nil
			} else {
				err = errors.New("not exact in nano-dollars")
			}
		}
	}
	if err != nil || p < 0 {
		if err == nil {
			err = errors.New("negative")
		}
		return 0, pathError(name, path, "%s: %v; want a decimal USD per hour >= 0 with at most 9 places", n, err)
	}
	return p, nil
}
