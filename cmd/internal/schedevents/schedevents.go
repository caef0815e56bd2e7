// Package schedevents holds the shape of Azure's Scheduled Events document
// (articles/virtual-machines/linux/scheduled-events.md): what notices.jsonl
// writes a line of and what `spotsim serve` answers a poll with. It is a
// leaf, so the writer and the server share it without importing each other.
package schedevents

// Document is what the Instance Metadata Service serves at
// /metadata/scheduledevents. Structs, not maps, because the key order is
// part of the format a user's IMDS-polling code was written against.
type Document struct {
	DocumentIncarnation int     `json:"DocumentIncarnation"`
	Events              []Event `json:"Events"`
}

// Event is one event of the document.
type Event struct {
	EventID           string   `json:"EventId"`
	EventType         string   `json:"EventType"`
	ResourceType      string   `json:"ResourceType"`
	Resources         []string `json:"Resources"`
	EventStatus       string   `json:"EventStatus"`
	NotBefore         string   `json:"NotBefore"`
	Description       string   `json:"Description"`
	EventSource       string   `json:"EventSource"`
	DurationInSeconds int      `json:"DurationInSeconds"`
}

// PreemptEventType is the EventType of a spot eviction notice (R8).
const PreemptEventType = "Preempt"

// RebalanceEventType is the EventType of Azure's Spot Rebalance
// Recommendation (learn.microsoft.com, "Spot eviction risk notifications").
// The event is advisory and schedules nothing, so spotsim writes its
// NotBefore empty; the page as stored for us shows no example document, so
// the other fields follow the Preempt event's (docs/evictions.md).
const RebalanceEventType = "SpotRebalanceRecommendation"
