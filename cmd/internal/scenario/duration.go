package scenario

import (
	"errors"
	"math/big"
	"strconv"
	"strings"
)

// maxDurationDays bounds every duration, so that seconds and nanoseconds
// both fit an int64 with room to add a start time.
const maxDurationDays = 100_000

// anyLength is an exclusive upper bound that every valid duration is under.
const anyLength = maxDurationDays*86400 + 1

var (
	errDurationSyntax = errors.New("not a duration")
	errNotWhole       = errors.New("not a whole number of seconds")
	errTooLong        = errors.New("too long")
)

// durationUnits are Go's duration units in nanoseconds, plus d for days.
var durationUnits = map[string]int64{
	"ns": 1, "us": 1e3, "µs": 1e3, "μs": 1e3, "ms": 1e6,
	"s": 1e9, "m": 60e9, "h": 3600e9, "d": 86400e9,
}

// parseDuration reads Go's duration syntax plus a d suffix for days ("30s",
// "1.5h", "1d12h", "-5m") and returns whole seconds. It adds the parts as
// exact fractions, so "0.5s" is reported as not whole instead of being
// rounded, and "1d" needs no conversion through hours.
func parseDuration(s string) (int64, error) {
	rest := s
	neg := false
	if rest != "" && (rest[0] == '-' || rest[0] == '+') {
		neg, rest = rest[0] == '-', rest[1:]
	}
	if rest == "0" {
		return 0, nil
	}
	if rest == "" || len(rest) > 64 {
		return 0, errDurationSyntax
	}
	total := new(big.Rat)
	for rest != "" {
		i, dot, digits := 0, -1, 0
		for ; i < len(rest); i++ {
			c := rest[i]
			if c == '.' && dot < 0 {
				dot = i
			} else if c >= '0' && c <= '9' {
				digits++
			} else {
				break
			}
		}
		if digits == 0 {
			return 0, errDurationSyntax
		}
		number := rest[:i]
		rest = rest[i:]
		j := 0
		for j < len(rest) && rest[j] != '.' && (rest[j] < '0' || rest[j] > '9') {
			j++
		}
		unit, ok := durationUnits[rest[:j]]
		if !ok {
			return 0, errDurationSyntax
		}
		rest = rest[j:]
		whole, frac, _ := strings.Cut(number, ".")
		num, _ := new(big.Int).SetString(whole+frac+"0", 10) // the "0" makes "" and ".5" parse; divided away below
		den := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(len(frac)+1)), nil)
		part := new(big.Rat).SetFrac(num, den)
		total.Add(total, part.Mul(part, new(big.Rat).SetInt64(unit)))
	}
	if !total.IsInt() {
		return 0, errNotWhole
	}
	nanos := total.Num()
	if nanos.Cmp(big.NewInt(maxDurationDays*86400e9)) > 0 {
		return 0, errTooLong
	}
	n := nanos.Int64()
	if n%1e9 != 0 {
		return 0, errNotWhole
	}
	if neg {
		return -n / 1e9, nil
	}
	return n / 1e9, nil
}

// formatDuration writes whole seconds in the largest units that divide
// them, the form parseDuration reads back: 604800 is "7d", 129600 "1d12h".
func formatDuration(secs int64) string {
	if secs == 0 {
		return "0s"
	}
	var b strings.Builder
	if secs < 0 {
		b.WriteByte('-')
		secs = -secs
	}
	for _, u := range []struct {
		name string
		secs int64
	}{{"d", 86400}, {"h", 3600}, {"m", 60}, {"s", 1}} {
		if n := secs / u.secs; n > 0 {
			b.WriteString(strconv.FormatInt(n, 10))
			b.WriteString(u.name)
			secs -= n * u.secs
		}
	}
	return b.String()
}

// ParseDuration reads a duration as scenario files write them: Go durations
// plus d for days, in whole seconds. For flags that take the same form.
func ParseDuration(s string) (int64, error) { return parseDuration(s) }
