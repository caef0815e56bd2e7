#!/usr/bin/env python3
"""spotsim's plain-Python peer: a benchmark companion, not a product.

It simulates the scenarios of the `spotsim bench` peer family (P1k, P10k;
see README.md beside this file) with spotsim's rules and spotsim's design,
in idiomatic CPython with the standard library only, so that spotsim's CPU
time can be compared with a heap event loop that does the same work:

  * the same rules (SPEC.md R1-R9): the billing table per state, per-second
    billing at min(spot, pay-as-you-go) and at min(spot, pay-as-you-go, max)
    under notice, price notices when the spot price passes a max price,
    capacity notices when capacity falls below the allocated VMs, a 30 s
    notice, deallocate or delete, restart or replace automation;
  * the same design: integer money (nano-dollars per hour times seconds, as
    pricing.Accrued), a prefix-sum integral of each pool's capped price
    curve, one event queue ordered by (time, phase, seq) with one pending
    capacity event per pool and one price wake (prices read when asked for;
    the pool wakes only at the first point above the lowest max price its
    noticeable VMs hold, found through block maxima, as sim/pricewake.go
    does), stale events skipped by generation
    counters, each pool's noticeable VMs held by max price in sorted
    buckets so a price rise touches only the VMs it evicts.

It reads the scenario folder that `spotsim bench P1k` writes (scenario.yaml
in the flow style the generator writes, prices.csv, capacity.csv) and prints
summary.csv's columns for the run. It supports what that family uses and
refuses the rest (exit 2): victims `newest` or `oldest` (no random draw
needs to match Go's generator), constant notice, no quota, actions,
workloads, mixes or stochastic evictions.

Usage: peer.py SCENARIO.yaml [--out summary.csv] [--timings]
"""

import bisect
import csv
import datetime
import heapq
import itertools
import os
import re
import sys
import time

# Power states (R1), in sim.State's order.
(CREATING, STARTING, RUNNING, STOPPING, STOPPED,
 DEALLOCATING, DEALLOCATED, DELETING, DELETED) = range(9)

# The billing table (R1, R2): compute billed in starting..stopped, disks in
# every state until deleted.
COMPUTE_BILLED = (False, True, True, True, True, False, False, False, False)
DISK_BILLED = (True, True, True, True, True, True, True, True, False)
SETTLES_TO = {CREATING: RUNNING, STARTING: RUNNING, STOPPING: STOPPED,
              DEALLOCATING: DEALLOCATED, DELETING: DELETED}

# The phases of one instant (sim/order.go) and the events of this family.
MARKET, NOTICES, EVICT, TRANSITION, FLEET_CREATE, ACTION, AUTOMATION = range(7)
PRICE, CAPACITY, NOTICE_CHECK, EVICT_DUE, TRANSITION_DONE, CREATE_FLEET, RESTART, REPLACE = range(8)
PHASE_OF = (MARKET, MARKET, NOTICES, EVICT, TRANSITION, FLEET_CREATE, AUTOMATION, AUTOMATION)

PRICE_EVICTION, CAPACITY_EVICTION = 0, 1
UNLIMITED = -1
UNCAPPED = -10**9                # max price -1, in nano-dollars per hour
NO_WAKE = 1 << 62                # a pool's wake time (and bound) when none is pending
BLOCK = 64                       # the price points one block maximum covers
UNITS_PER_MICRO = 3600 * 1000    # money units (nano-dollar-seconds per hour) per micro-dollar
BURST_WINDOW = EPISODE_GAP = 300  # sim/tail.go
DEFAULT_TIMINGS = {"create": 60, "start": 30, "stop": 15, "deallocate": 30, "delete": 30}


class BadInput(Exception):
    """A scenario this peer cannot run: exit 2."""


# --- reading the scenario -------------------------------------------------

def parse_price(text):
    """A plain decimal in USD per hour as integer nano-dollars, exactly."""
    negative = text.startswith("-")
    whole, dot, frac = (text[1:] if negative else text).partition(".")
    if (not (whole or frac) or len(frac) > 9 or not (whole + frac).isascii()
            or not (whole + frac).isdigit() or dot and not frac and not whole):
        raise BadInput(f"price {text!r}: want a plain decimal with at most 9 places")
    nanos = int(whole or "0") * 10**9 + int(frac.ljust(9, "0"))
    return -nanos if negative else nanos


def parse_duration(text):
    """A Go duration in whole seconds, with d for days."""
    if text == "0":
        return 0
    parts = re.findall(r"(\d+)(d|h|m|s)", text)
    if not parts or "".join(n + u for n, u in parts) != text:
        raise BadInput(f"duration {text!r}: want whole d, h, m or s units")
    return sum(int(n) * {"d": 86400, "h": 3600, "m": 60, "s": 1}[u] for n, u in parts)


def parse_flow(text):
    """A YAML flow mapping of scalars and flow mappings, as the generator writes."""
    tokens = re.findall(r"[{},:]|[^{},:\s][^{},:]*", text)
    tokens = [t.strip() for t in tokens]
    pos = 0

    def value():
        nonlocal pos
        if tokens[pos] != "{":
            pos += 1
            return tokens[pos - 1]
        pos += 1
        out = {}
        while tokens[pos] != "}":
            key = tokens[pos]
            if tokens[pos + 1] != ":":
                raise BadInput(f"flow mapping {text!r}: want key: value")
            pos += 2
            out[key] = value()
            if tokens[pos] == ",":
                pos += 1
        pos += 1
        return out

    try:
        return value()
    except IndexError:
        raise BadInput(f"flow mapping {text!r} is not closed") from None


def read_scenario(path):
    """The top-level scalars and the pools and fleets lists of scenario.yaml."""
    top, lists, current = {}, {"pools": [], "fleets": []}, None
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.split("#", 1)[0].rstrip()
            if not line:
                continue
            if line.startswith("  - ") and current is not None:
                lists[current].append(parse_flow(line[4:].strip()))
            elif not line.startswith(" ") and ":" in line:
                key, _, val = line.partition(":")
                val = val.strip()
                if key in lists and not val:
                    current = key
                else:
                    current = None
                    top[key] = parse_flow(val) if val.startswith("{") else val
            else:
                raise BadInput(f"{path}:{lineno}: the peer reads only the generator's flow style")
    return top, lists["pools"], lists["fleets"]


def read_traces(path, start, horizon, kind):
    """Each pool's series of a long trace CSV, cut to the run as pricing.Trace.Window cuts it."""
    seconds = {}   # timestamp text -> seconds from start: the pools share timestamps
    parsed = {}    # value text -> value: prices have 5 decimals, so they repeat
    rows = {}
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        next(reader)
        for ts, region, sku, value in reader:
            t = seconds.get(ts)
            if t is None:
                t = seconds[ts] = int(datetime.datetime.fromisoformat(ts.replace("Z", "+00:00")).timestamp()) - start
            v = parsed.get(value)
            if v is None:
                if kind == "price":
                    v = parse_price(value)
                else:
                    v = UNLIMITED if value == "unlimited" else int(value)
                parsed[value] = v
            pool = rows.get((region, sku))
            if pool is None:
                pool = rows[(region, sku)] = ([], [])
            pool[0].append(t)
            pool[1].append(v)
    series = {}
    for pool, (times, values) in rows.items():
        first = bisect.bisect_right(times, 0) - 1
        if first < 0:
            raise BadInput(f"{path}: {pool} begins after the scenario start")
        last = bisect.bisect_left(times, horizon)
        series[pool] = ([0] + times[first + 1:last], values[first:last])
    return series


# --- the model --------------------------------------------------------------

class Pool:
    __slots__ = ("times", "values", "rates", "prefix", "price", "price_idx", "cap_times", "cap_values",
                 "cap_idx", "capacity", "allocated", "active", "buckets", "bucket_prices", "payg",
                 "dirty_price", "dirty_cap", "block_max", "wake_at", "wake_gen", "wake_bound")

    def __init__(self, price_series, capacity_series, payg):
        self.times, self.values = price_series
        self.payg = payg
        # The integral of min(spot, payg) from 0 to times[i] (pricing.Curve).
        self.rates = [min(v, payg) for v in self.values]
        steps = (r * (t1 - t0) for r, t0, t1 in zip(self.rates, self.times, self.times[1:]))
        self.prefix = list(itertools.accumulate(steps, initial=0))
        self.price, self.price_idx = self.values[0], 0
        self.cap_times, self.cap_values = capacity_series
        self.capacity, self.cap_idx = self.cap_values[0], 0
        self.allocated = 0
        self.active = set()          # spot VMs allocated and not under notice
        self.buckets = {}            # max price -> the active VMs that hold it
        self.bucket_prices = []      # the buckets' prices, ascending
        self.dirty_price = self.dirty_cap = False
        # Prices are read when asked for (spot) and the pool wakes only at
        # the first point above the lowest max price its noticeable VMs
        # hold (sim/pricewake.go); block_max finds that point.
        self.block_max = [max(self.values[i:i + BLOCK]) for i in range(0, len(self.values), BLOCK)]
        self.wake_at, self.wake_gen, self.wake_bound = NO_WAKE, 0, NO_WAKE

    def spot(self, now):
        """The price now: the last point at or before now."""
        times, i = self.times, self.price_idx
        while i + 1 < len(times) and times[i + 1] <= now:
            i += 1
        if i != self.price_idx:
            self.price_idx, self.price = i, self.values[i]
        return self.price

    def next_above(self, i, x):
        """The first index >= i whose price is above x, or len(values)."""
        values, n = self.values, len(self.values)
        while i < n and i % BLOCK:
            if values[i] > x:
                return i
            i += 1
        b, block_max = i // BLOCK, self.block_max
        while b < len(block_max) and block_max[b] <= x:
            b += 1
        if b == len(block_max):
            return n
        i = b * BLOCK
        while values[i] <= x:
            i += 1
        return i

    def up_to(self, t):
        i = bisect.bisect_right(self.times, t) - 1
        return self.prefix[i] + self.rates[i] * (t - self.times[i])

    def integrate(self, t0, t1):
        return self.up_to(t1) - self.up_to(t0)

    def integrate_capped(self, t0, t1, limit):
        """min(spot, payg, limit) from t0 to t1, step by step: a notice period only."""
        i = bisect.bisect_right(self.times, t0) - 1
        total, t, times = 0, t0, self.times
        while t < t1:
            end = times[i + 1] if i + 1 < len(times) and times[i + 1] < t1 else t1
            total += min(self.rates[i], limit) * (end - t)
            t, i = end, i + 1
        return total

    def full(self):
        return self.capacity != UNLIMITED and self.allocated >= self.capacity


class Fleet:
    __slots__ = ("name", "pool", "count", "max_price", "delete", "disk_price", "create_at", "after",
                 "interval", "live", "failed_creates", "failed_starts")

    def __init__(self, name, pool, count, max_price, delete, disk_price, create_at, after, interval):
        self.name, self.pool, self.count, self.max_price = name, pool, count, max_price
        self.delete, self.disk_price, self.create_at = delete, disk_price, create_at
        self.after, self.interval = after, interval
        self.live = self.failed_creates = self.failed_starts = 0


class VM:
    __slots__ = ("id", "fleet", "pool", "state", "gen", "since", "max_price", "noticed", "notice_seq",
                 "reason", "evicted", "holds_cap", "live", "noticeable", "seconds", "billed", "compute",
                 "disk", "notices", "evictions")

    def __init__(self, vid, fleet, pool, max_price, now):
        self.id, self.fleet, self.pool, self.max_price = vid, fleet, pool, max_price
        self.state, self.gen, self.since = CREATING, 0, now
        self.noticed, self.notice_seq, self.reason, self.evicted = False, 0, PRICE_EVICTION, False
        self.holds_cap = self.live = self.noticeable = False
        self.seconds = [0] * 9
        self.billed = self.compute = self.disk = self.notices = 0
        self.evictions = [0, 0]


class Engine:
    def __init__(self, horizon, notice, timings, newest, pools, fleets):
        self.horizon, self.notice, self.timings, self.newest = horizon, notice, timings, newest
        self.pools, self.fleets, self.vms = pools, fleets, []
        self.queue, self.seq = [], itertools.count()
        self.now = 0
        self.notice_check = False
        self.recent, self.last_evict, self.max_burst, self.episodes = [], None, 0, 0
        for f in fleets:
            p = pools[f.pool]
            if f.max_price >= 0 and f.max_price not in p.buckets:
                p.buckets[f.max_price] = set()
                bisect.insort(p.bucket_prices, f.max_price)

    def at(self, t, kind, ident, gen=0):
        if t < self.horizon:
            heapq.heappush(self.queue, (t, PHASE_OF[kind], next(self.seq), kind, ident, gen))

    def run(self):
        for i, p in enumerate(self.pools):
            if len(p.cap_times) > 1:
                self.at(p.cap_times[1], CAPACITY, i)
        for i, f in enumerate(self.fleets):
            self.at(f.create_at, CREATE_FLEET, i)
        queue, horizon, pop = self.queue, self.horizon, heapq.heappop
        while queue:
            t, _, _, kind, ident, gen = pop(queue)
            if t >= horizon:
                break
            self.now = t
            if kind == PRICE:
                p = self.pools[ident]
                if gen == p.wake_gen:
                    p.wake_at = p.wake_bound = NO_WAKE
                    p.dirty_price = True
                    self.want_notice_check()
                    for price in p.bucket_prices:
                        if p.buckets[price]:
                            self.wake_for(p, ident, price)
                            break
            elif kind == CAPACITY:
                p = self.pools[ident]
                p.cap_idx += 1
                p.capacity = p.cap_values[p.cap_idx]
                if p.cap_idx + 1 < len(p.cap_times):
                    self.at(p.cap_times[p.cap_idx + 1], CAPACITY, ident)
                p.dirty_cap = True
                self.want_notice_check()
            elif kind == NOTICE_CHECK:
                self.notice_check = False
                self.check_notices()
            elif kind == EVICT_DUE:
                v = self.vms[ident]
                if v.noticed and v.notice_seq == gen:
                    self.evict(v)
            elif kind == TRANSITION_DONE:
                v = self.vms[ident]
                if v.gen == gen and v.state in SETTLES_TO:
                    self.settle(v)
            elif kind == CREATE_FLEET:
                for _ in range(self.fleets[ident].count):
                    self.create(ident)
            elif kind == RESTART:
                v = self.vms[ident]
                if v.gen == gen and v.state == DEALLOCATED and not self.start(v):
                    self.at(t + self.fleets[v.fleet].interval, RESTART, ident, v.gen)
            elif kind == REPLACE:
                f = self.fleets[ident]
                if f.live < f.count:
                    self.create(ident)
        self.now = horizon
        for v in self.vms:
            self.accrue(v)

    def wake_for(self, p, pi, x):
        """Wake pool pi at its first point after now above x, if sooner than the pending wake."""
        if x >= p.wake_bound:
            return
        p.wake_bound = x
        p.spot(self.now)
        j = p.next_above(p.price_idx + 1, x)
        if j < len(p.times) and p.times[j] < p.wake_at:
            p.wake_at = p.times[j]
            p.wake_gen += 1
            self.at(p.times[j], PRICE, pi, p.wake_gen)

    def want_notice_check(self):
        if not self.notice_check:
            self.notice_check = True
            self.at(self.now, NOTICE_CHECK, 0)

    def check_notices(self):
        """Price notices in every pool first, then capacity notices (SPEC section 3)."""
        for p in self.pools:
            if not p.dirty_price:
                continue
            p.dirty_price = False
            for price in p.bucket_prices:
                if price >= p.spot(self.now):
                    break
                for vid in sorted(p.buckets[price]):
                    self.give_notice(self.vms[vid], PRICE_EVICTION)
        for p in self.pools:
            if not p.dirty_cap:
                continue
            p.dirty_cap = False
            excess = len(p.active) - p.capacity
            if p.capacity == UNLIMITED or excess <= 0:
                continue
            # A VM's id is its place in creation order (R6: newest or oldest).
            for vid in sorted(p.active, reverse=self.newest)[:excess]:
                self.give_notice(self.vms[vid], CAPACITY_EVICTION)

    def give_notice(self, v, why):
        self.accrue(v)  # the notice period is billed at most at the max price: split here
        v.noticed = True
        v.notice_seq += 1
        v.reason = why
        v.notices += 1
        self.relink(v)
        self.at(self.now + self.notice, EVICT_DUE, v.id, v.notice_seq)

    def evict(self, v):
        self.accrue(v)
        v.noticed = False
        v.evicted = True
        v.evictions[v.reason] += 1
        self.tally()
        self.begin(v, DELETING if self.fleets[v.fleet].delete else DEALLOCATING)

    def tally(self):
        """The run's most evictions in any 5 minutes and its reclaim episodes (sim/tail.go)."""
        now, recent = self.now, self.recent
        while recent and now - recent[0] >= BURST_WINDOW:
            recent.pop(0)
        recent.append(now)
        self.max_burst = max(self.max_burst, len(recent))
        if self.last_evict is None or now - self.last_evict > EPISODE_GAP:
            self.episodes += 1
        self.last_evict = now

    def accrue(self, v):
        """Bill the interval since the VM's last accrual in its current state (R1, R2, R5)."""
        dt = self.now - v.since
        if dt <= 0:
            return
        v.seconds[v.state] += dt
        if COMPUTE_BILLED[v.state]:
            v.billed += dt
            p = self.pools[v.pool]
            if v.max_price >= 0 and (v.noticed or v.state > STOPPED):
                v.compute += p.integrate_capped(v.since, self.now, v.max_price)
            else:
                v.compute += p.integrate(v.since, self.now)
        if DISK_BILLED[v.state]:
            v.disk += self.fleets[v.fleet].disk_price * dt
        v.since = self.now

    def begin(self, v, state):
        self.enter(v, state)
        d = self.timings[state]
        if d == 0:
            self.settle(v)
        else:
            self.at(self.now + d, TRANSITION_DONE, v.id, v.gen)

    def settle(self, v):
        to = SETTLES_TO[v.state]
        self.enter(v, to)
        if not v.evicted:
            return
        f = self.fleets[v.fleet]
        if to == DEALLOCATED and f.after == "restart":
            self.at(self.now + f.interval, RESTART, v.id, v.gen)
        elif to == DELETED and f.after == "replace":
            self.at(self.now + f.interval, REPLACE, v.fleet)
        if to in (DEALLOCATED, DELETED):
            v.evicted = False

    def enter(self, v, state):
        self.accrue(v)
        v.state = state
        v.gen += 1
        self.relink(v)

    def relink(self, v):
        """Keep capacity, the fleet's count and the price buckets in step with the VM's state."""
        p = self.pools[v.pool]
        allocated = v.state <= STOPPED
        if allocated != v.holds_cap:
            v.holds_cap = allocated
            p.allocated += 1 if allocated else -1
        live = v.state < DELETING
        if live != v.live:
            v.live = live
            self.fleets[v.fleet].live += 1 if live else -1
        noticeable = allocated and not v.noticed
        if noticeable == v.noticeable:
            return
        v.noticeable = noticeable
        if noticeable:
            p.active.add(v.id)
            if v.max_price >= 0:
                p.buckets[v.max_price].add(v.id)
                self.wake_for(p, v.pool, v.max_price)
        else:
            p.active.discard(v.id)
            if v.max_price >= 0:
                p.buckets[v.max_price].discard(v.id)

    def admit(self, p, max_price):
        """R3: a create or start needs max price >= spot price, and capacity."""
        return not (max_price >= 0 and p.spot(self.now) > max_price) and not p.full()

    def create(self, fi):
        f = self.fleets[fi]
        if not self.admit(self.pools[f.pool], f.max_price):
            f.failed_creates += 1
            if f.after == "replace":
                self.at(self.now + f.interval, REPLACE, fi)
            return False
        v = VM(len(self.vms), fi, f.pool, f.max_price, self.now)
        self.vms.append(v)
        self.relink(v)
        self.begin(v, CREATING)
        return True

    def start(self, v):
        if not self.admit(self.pools[v.pool], v.max_price):
            self.fleets[v.fleet].failed_starts += 1
            return False
        self.begin(v, STARTING)
        return True


# --- the summary ------------------------------------------------------------

def round_div(n, d):
    """n / d rounded half away from zero (pricing's divRound)."""
    q, r = divmod(abs(n), d)
    if 2 * r >= d:
        q += 1
    return q if n >= 0 else -q


def usd(micros):
    sign = "-" if micros < 0 else ""
    whole, frac = divmod(abs(micros), 10**6)
    return f"{sign}{whole}.{frac:06d}"


def hours(seconds):
    whole, rem = divmod(seconds, 3600)
    return f"{whole}.{(rem * 10**6 + 1800) // 3600:06d}"


def percent(num, den, places=6):
    if den == 0:
        return ""
    q = round_div(num * 10**(places + 2), den)
    sign = "-" if q < 0 else ""
    whole, frac = divmod(abs(q), 10**places)
    return f"{sign}{whole}.{frac:0{places}d}"


SUMMARY_COLUMNS = ("scenario,seed,vms,notices,evictions,price_evictions,capacity_evictions,failed_creates,"
                   "failed_starts,running_vm_hours,deallocated_vm_hours,compute_cost_usd,disk_cost_usd,"
                   "total_cost_usd,payg_compute_cost_usd,savings_usd,savings_pct,spot_vms,regular_vms,"
                   "stopped_vm_hours,billed_vm_hours,horizon_hours,max_evictions_5m,reclaim_episodes").split(",")


def summary(name, seed, engine):
    vms = engine.vms
    compute = sum(v.compute for v in vms)
    disk = sum(v.disk for v in vms)
    payg = sum(engine.pools[v.pool].payg * v.billed for v in vms)
    price_ev = sum(v.evictions[PRICE_EVICTION] for v in vms)
    cap_ev = sum(v.evictions[CAPACITY_EVICTION] for v in vms)
    c, d, g = (round_div(x, UNITS_PER_MICRO) for x in (compute, disk, payg))
    return dict(zip(SUMMARY_COLUMNS, [
        name, seed, len(vms), sum(v.notices for v in vms), price_ev + cap_ev, price_ev, cap_ev,
        sum(f.failed_creates for f in engine.fleets), sum(f.failed_starts for f in engine.fleets),
        hours(sum(v.seconds[RUNNING] for v in vms)), hours(sum(v.seconds[DEALLOCATED] for v in vms)),
        usd(c), usd(d), usd(c + d), usd(g), usd(g - c), percent(payg - compute, payg),
        len(vms), 0, hours(sum(v.seconds[STOPPED] for v in vms)), hours(sum(v.billed for v in vms)),
        hours(engine.horizon), engine.max_burst, engine.episodes,
    ]))


# --- the command --------------------------------------------------------------

def load(path):
    top, pool_list, fleet_list = read_scenario(path)
    known = {"name", "start", "horizon", "seed", "notice", "victims", "timings", "pools", "fleets"}
    if set(top) - known:
        raise BadInput(f"{path}: the peer does not support {sorted(set(top) - known)}")
    if top.get("victims") not in ("newest", "oldest"):
        raise BadInput(f"{path}: victims {top.get('victims')!r}: the peer needs newest or oldest")
    start = int(datetime.datetime.fromisoformat(top["start"].replace("Z", "+00:00")).timestamp())
    horizon = parse_duration(top["horizon"])
    timing = dict(DEFAULT_TIMINGS)
    for k, val in (top.get("timings") or {}).items():
        timing[k] = parse_duration(val)
    timings = {CREATING: timing["create"], STARTING: timing["start"], STOPPING: timing["stop"],
               DEALLOCATING: timing["deallocate"], DELETING: timing["delete"]}
    folder = os.path.dirname(os.path.abspath(path))
    traces = {}

    def trace(spec, kind):
        if not isinstance(spec, dict) or set(spec) != {"csv"}:
            raise BadInput(f"{path}: the peer reads {kind} traces given as {{csv: FILE}}")
        file = os.path.join(folder, spec["csv"])
        if (file, kind) not in traces:
            traces[(file, kind)] = read_traces(file, start, horizon, kind)
        return traces[(file, kind)]

    pools, index = [], {}
    for p in pool_list:
        key = (p["region"], p["sku"])
        index[key] = len(pools)
        pools.append(Pool(trace(p["spot_price"], "price")[key], trace(p["capacity"], "capacity")[key],
                          parse_price(p["payg_price"])))
    fleets = []
    for f in fleet_list:
        after = f.get("after_eviction")
        after = next(iter(after.items())) if isinstance(after, dict) and len(after) == 1 else ("", "0")
        if f.get("priority", "spot") != "spot" or after[0] not in ("restart", "replace"):
            raise BadInput(f"{path}: fleet {f['name']}: the peer runs spot fleets with restart or replace")
        fleets.append(Fleet(f["name"], index[(f["region"], f["sku"])], int(f["count"]),
                            parse_price(f.get("max_price", "-1")), f.get("eviction_policy") == "delete",
                            parse_price(f.get("disk_price", "0")), parse_duration(f.get("create_at", "0")),
                            after[0], parse_duration(after[1])))
    engine = Engine(horizon, parse_duration(top.get("notice", "30s")), timings, top["victims"] == "newest",
                    pools, fleets)
    return top["name"], top.get("seed", "1"), engine


def main(argv):
    args = argv[1:]
    out, timings = None, "--timings" in args
    if timings:
        args.remove("--timings")
    if "--out" in args:
        i = args.index("--out")
        out = args[i + 1]
        del args[i:i + 2]
    if len(args) != 1:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    began = time.process_time()
    try:
        name, seed, engine = load(args[0])
    except (BadInput, KeyError, ValueError, OSError) as e:
        print(f"peer: {e}", file=sys.stderr)
        return 2
    loaded = time.process_time()
    engine.run()
    simulated = time.process_time()
    row = summary(name, seed, engine)
    if timings:
        print(f"timings (CPU): load {loaded - began:.3f} s, simulate {simulated - loaded:.3f} s, "
              f"summary {time.process_time() - simulated:.3f} s", file=sys.stderr)
    text = ",".join(row) + "\n" + ",".join(str(v) for v in row.values()) + "\n"
    if out:
        with open(out, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
