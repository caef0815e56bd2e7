package bench

import _ "embed" // the peer's script travels inside the binary

// The peer family: B1's shape (20 pools with 5-minute prices, hourly
// capacity with reclaim drops, 40 fleets of both eviction policies with
// hourly automation) at 1,000 and 10,000 VMs over a year, with victims
// `newest` so that no random draw decides anything. Those are the
// scenarios that peer/peer.py, a plain-Python heap event loop of spotsim's
// rules and design, runs too: both give the same summary, and the ratio of
// their CPU times is what compiled Go buys over CPython (peer/README.md).

// P1k is the peer scenario with 1,000 VMs; scale shrinks the VMs and days.
func P1k(scale float64) Spec { return peerSpec("p1k", 1_000, scale) }

// P10k is the peer scenario with 10,000 VMs; scale shrinks the VMs and days.
func P10k(scale float64) Spec { return peerSpec("p10k", 10_000, scale) }

func peerSpec(name string, vms int, scale float64) Spec {
	return Spec{Name: name, Regions: 4, Sizes: 5, Days: scaled(365, scale), PriceStep: 300, Capacity: 3600,
		VMs: max(40, scaled(vms, scale)), Fleets: 40, Automation: "1h", Seed: 1, Victims: "newest"}
}

// PeerScript is peer/peer.py, so that `spotsim bench --peer` runs the peer
// that was built with it, wherever the binary is.
//
//go:embed peer/peer.py
var PeerScript []byte
