package results

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"github.com/spotsim/spotsim/cmd/internal/schedevents"
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
	bw := bufio.NewWriter(w)
	var buf []byte
	for i := range res.Notices {
		n := &res.Notices[i]
		if n.VM < 0 || n.VM >= res.VMs.Len() {
			return fmt.Errorf("notices: notice %d: vm index %d out of range [0, %d)", i+1, n.VM, res.VMs.Len())
		}
		// The document has one shape, so it is written by hand: encoding/json
		// took a second per million notices. schedevents.Document documents it,
		// and TestNoticesAreScheduledEvents decodes every line into it.
		buf = append(buf[:0], `{"DocumentIncarnation":`...)
		buf = strconv.AppendInt(buf, int64(n.Incarnation), 10)
		buf = append(buf, `,"Events":[{"EventId":"`...)
		buf = append(buf, n.EventID.String()...)
		buf = append(buf, `","EventType":"`...)
		buf = append(buf, eventTypes[n.Kind]...)
		buf = append(buf, `","ResourceType":"VirtualMachine","Resources":[`...)
		name, _ := json.Marshal(res.VMName(n.VM))
		buf = append(buf, name...)
		buf = append(buf, `],"EventStatus":"Scheduled","NotBefore":"`...)
		if n.Kind == sim.PreemptNotice {
			buf = append(buf, gmt(start, n.NotBefore)...)
		}
		buf = append(buf, `","Description":"","EventSource":"Platform","DurationInSeconds":-1}]}`+"\n"...)
		if _, err := bw.Write(buf); err != nil {
			return err
		}
	}
	return bw.Flush()
}
