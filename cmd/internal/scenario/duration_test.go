package scenario

import (
	"errors"
	"testing"
)

func TestParseDuration(t *testing.T) {
	for _, tc := range []struct {
		in   string
		secs int64
		err  error
	}{
		{"0", 0, nil},
		{"0s", 0, nil},
		{"30s", 30, nil},
		{"90m", 5400, nil},
		{"36h", 129600, nil},
		{"7d", 604800, nil},
		{"1d12h", 129600, nil},
		{"12h1d", 129600, nil},
		{"1.5h", 5400, nil},
		{".5m", 30, nil},
		{"1.m", 60, nil},
		{"1500ms", 0, errNotWhole},
		{"2000ms", 2, nil},
		{"1000000us", 1, nil},
		{"1000000µs", 1, nil},
		{"1000000000ns", 1, nil},
		{"0.5s", 0, errNotWhole},
		{"1.0000000001s", 0, errNotWhole},
		{"-5m", -300, nil},
		{"+5m", 300, nil},
		{"100000d", 100000 * 86400, nil},
		{"100000d1s", 0, errTooLong},
		{"99999999999999999999d", 0, errTooLong},
		{"", 0, errDurationSyntax},
		{"-", 0, errDurationSyntax},
		{"5", 0, errDurationSyntax},
		{"d", 0, errDurationSyntax},
		{"5x", 0, errDurationSyntax},
		{"5 s", 0, errDurationSyntax},
		{"1h 30m", 0, errDurationSyntax},
		{".s", 0, errDurationSyntax},
		{"1..5s", 0, errDurationSyntax},
		{"1w", 0, errDurationSyntax},
		{"--5s", 0, errDurationSyntax},
	} {
		got, err := parseDuration(tc.in)
		if got != tc.secs || !errors.Is(err, tc.err) {
			t.Errorf("parseDuration(%q) = %d, %v; want %d, %v", tc.in, got, err, tc.secs, tc.err)
		}
	}
}

func TestFormatDuration(t *testing.T) {
	for _, tc := range []struct {
		secs int64
		want string
	}{
		{0, "0s"}, {30, "30s"}, {60, "1m"}, {5400, "1h30m"}, {86400, "1d"},
		{129600, "1d12h"}, {90061, "1d1h1m1s"}, {-300, "-5m"},
	} {
		if got := formatDuration(tc.secs); got != tc.want {
			t.Errorf("formatDuration(%d) = %q; want %q", tc.secs, got, tc.want)
		}
		if back, err := parseDuration(tc.want); err != nil || back != tc.secs {
			t.Errorf("parseDuration(%q) = %d, %v; want %d", tc.want, back, err, tc.secs)
		}
	}
}
