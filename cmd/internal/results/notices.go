package results

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/spotsim/spotsim/cmd/internal/schedevents"
	"github.com/spotsim/spotsim/cmd/internal/timefmt"
	"github.com/spotsim/spotsim/sim"
)

// eventTypes are the Scheduled Events EventType of each kind of document.
var eventTypes = [...]string{sim.PreemptNotice: schedevents.PreemptEventType, sim.RebalanceNotice: schedevents.RebalanceEventType}

// WriteNotices writes notices.jsonl: one Scheduled Events document per line
// per Preempt notice (R8) or rebalance recommendation, as the VM would have
// read it when the event was issued; a recommendation's document is the one
// served under the rebalance api-version, with its own incarnations.
func WriteNotices(w io.Writer, res *sim.Result) error {
	start := res.Config.Start
	// Lines are appended to one buffer handed to w in 64 KiB pieces, as
	// csvw does.
	buf := make([]byte, 0, 64<<10)
	var notBefore []byte
	lastNotBefore := int64(-1 << 63)
	// Each fleet's VM name prefix as JSON, its closing quote left off: a
	// name is the prefix, then digits, which JSON never escapes.
	prefixes := make([][]byte, len(res.Config.Fleets))
	for f := range prefixes {
		prefix, sep := res.Config.Fleets[f].VMNaming()
		j, _ := json.Marshal(prefix + string(sep))
		prefixes[f] = j[:len(j)-1]
	}
	for i := range res.Notices {
		n := &res.Notices[i]
		if n.VM < 0 || n.VM >= res.VMs.Len() {
			return fmt.Errorf("notices: notice %d: vm index %d out of range [0, %d)", i+1, n.VM, res.VMs.Len())
		}
		// The document has one shape, so it is written by hand: encoding/json
		// took a second per million notices. schedevents.Document documents it,
		// and TestNoticesAreScheduledEvents decodes every line into it.
		buf = append(buf, `{"DocumentIncarnation":`...)
		buf = strconv.AppendInt(buf, int64(n.Incarnation), 10)
		buf = append(buf, `,"Events":[{"EventId":"`...)
		buf = appendEventID(buf, n.EventID)
		buf = append(buf, `","EventType":"`...)
		buf = append(buf, eventTypes[n.Kind]...)
		buf = append(buf, `","ResourceType":"VirtualMachine","Resources":[`...)
		v := res.VMs.At(n.VM)
		buf = append(buf, prefixes[v.Fleet]...)
		buf = strconv.AppendInt(buf, int64(v.Number), 10)
		buf = append(buf, '"')
		buf = append(buf, `],"EventStatus":"Scheduled","NotBefore":"`...)
		if n.Kind == sim.PreemptNotice {
			// Notices of one reclaim share their time.
			if n.NotBefore != lastNotBefore || notBefore == nil {
				lastNotBefore = n.NotBefore
				notBefore = start.Add(time.Duration(n.NotBefore)*time.Second).UTC().AppendFormat(notBefore[:0], timefmt.GMTLayout)
			}
			buf = append(buf, notBefore...)
		}
		buf = append(buf, `","Description":"","EventSource":"Platform","DurationInSeconds":-1}]}`+"\n"...)
		if len(buf) >= 60<<10 {
			if _, err := w.Write(buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
	}
	_, err := w.Write(buf)
	return err
}

// appendEventID appends id.String() without making the string: a year of
// notices is hundreds of thousands of them.
func appendEventID(b []byte, id sim.EventID) []byte {
	const hex = "0123456789ABCDEF"
	i := 0
	for _, word := range id {
		for shift := 60; shift >= 0; shift -= 4 {
			if i == 8 || i == 12 || i == 16 || i == 20 {
				b = append(b, '-')
			}
			b = append(b, hex[word>>uint(shift)&0xf])
			i++
		}
	}
	return b
}
