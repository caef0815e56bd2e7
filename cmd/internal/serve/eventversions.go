package serve

// What a Scheduled Events document shows at each api-version: the
// "Version and region availability" table of Azure's Scheduled Events page
// (azure-compute-docs, articles/virtual-machines/linux/scheduled-events.md)
// dates each addition. 2017-11-01: "Added support for Spot VM eviction
// EventType 'Preempt'"; 2019-04-01: "Added support for Event Description";
// 2019-08-01: "Added support for EventSource"; 2020-07-01: "Added support
// for Event Duration". Azure's own Preempt sample at 2019-08-01 (spot-cli.md)
// has Description and EventSource and no DurationInSeconds.
const (
	preemptSince     = "2017-11-01"
	descriptionSince = "2019-04-01"
	sourceSince      = "2019-08-01"
	durationSince    = "2020-07-01"
)

// shownDocument and shownEvent are Document and Event as one api-version
// shows them: a field the version predates is left out (nil), one it has
// is written even when empty ("Description": "").
type shownDocument struct {
	DocumentIncarnation int          `json:"DocumentIncarnation"`
	Events              []shownEvent `json:"Events"`
}

type shownEvent struct {
	// The event's own fields but the three below, which shadow its own
	// (encoding/json: the shallower field wins) and follow them in order.
	Event
	Description       *string `json:"Description,omitempty"`
	EventSource       *string `json:"EventSource,omitempty"`
	DurationInSeconds *int    `json:"DurationInSeconds,omitempty"`
}

// showsPreempt says whether an api-version shows Preempt events, which
// are all a spot VM's document holds: before 2017-11-01 its handler sees
// no eviction notice.
func showsPreempt(version string) bool { return version >= preemptSince }

// shown is doc as api-version version shows it (versions are dates, so
// they compare as text).
func shown(doc Document, version string) shownDocument {
	out := shownDocument{DocumentIncarnation: doc.DocumentIncarnation, Events: []shownEvent{}}
	for _, e := range doc.Events {
		if e.EventType == "Preempt" && !showsPreempt(version) {
			continue
		}
		se := shownEvent{Event: e}
		if version >= descriptionSince {
			se.Description = &e.Description
		}
		if version >= sourceSince {
			se.EventSource = &e.EventSource
		}
		if version >= durationSince {
			se.DurationInSeconds = &e.DurationInSeconds
		}
		out.Events = append(out.Events, se)
	}
	return out
}
