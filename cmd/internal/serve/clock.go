package serve

import (
	"sync"
	"time"
)

// Clock gives the simulated time in whole seconds from the scenario start.
type Clock interface{ Now() int64 }

// ScaledClock runs simulated time at speed × wall time, from a starting
// offset: speed 60 is one simulated minute per second.
type ScaledClock struct {
	began time.Time
	from  int64
	speed float64
	wall  func() time.Time
}

// NewScaledClock starts a scaled clock at simulated second from.
func NewScaledClock(from int64, speed float64, wall func() time.Time) *ScaledClock {
	return &ScaledClock{began: wall(), from: from, speed: speed, wall: wall}
}

func (c *ScaledClock) Now() int64 {
	return c.from + int64(c.wall().Sub(c.began).Seconds()*c.speed)
}

// ManualClock moves only when told, so tests are deterministic and instant.
type ManualClock struct {
	mu sync.Mutex
	t  int64
}

// NewManualClock starts a manual clock at simulated second from.
func NewManualClock(from int64) *ManualClock { return &ManualClock{t: from} }

func (c *ManualClock) Now() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock forward by seconds and returns the new time.
func (c *ManualClock) Advance(seconds int64) int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t += seconds
	return c.t
}

// WallClock is --epoch now: simulated second t is the wall-clock second
// starting at epoch + t, exactly, so a served NotBefore is as far ahead of
// the handler's clock as the notice is long.
type WallClock struct {
	epoch time.Time
	wall  func() time.Time
}

// NewWallClock reads the wall clock as seconds from epoch.
func NewWallClock(epoch time.Time, wall func() time.Time) *WallClock {
	return &WallClock{epoch: epoch, wall: wall}
}

func (c *WallClock) Now() int64 {
	d := c.wall().Sub(c.epoch)
	if d < 0 {
		return int64((d - time.Second + 1) / time.Second)
	}
	return int64(d / time.Second)
}
