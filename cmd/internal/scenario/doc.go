// Package scenario reads spotsim's YAML scenario files (version 1) into a
// validated sim.Config, and writes the resolved form of one back.
//
// Decoding is strict: an unknown key, a key given twice, a wrong type or a
// bad value is an error naming the file, line and column, the key path, the
// value, what is accepted, and Azure's error code where one applies. Every
// problem in a file is reported, one per line, not just the first:
//
//	scenario.yaml:19:16: fleets[0].max_price: 0.123456 has more than 5 decimal places; a max price is -1 or a decimal > 0 with at most 5 decimal places (MaxPriceValueInvalid)
//
// # Values
//
// Durations are Go durations plus d for days (30s, 90m, 36h, 7d, 1d12h) and
// must come to whole seconds. Prices are plain decimals in USD per hour (no
// exponent), read exactly from the text as written, never through a float.
// Times are RFC 3339 in UTC with a Z, in whole seconds. A key with no value
// (`key:` or `key: ~`) counts as absent. Anchors, aliases and merge keys
// (`<<: *base`) work as YAML defines them.
//
// # Keys
//
// Top level:
//
//	version          optional; must be 1
//	spotsim_version  optional; informational, written by the resolved file
//	name             required; [a-z0-9_-]+ (also the default results folder)
//	start            required; RFC 3339 UTC, e.g. 2026-01-05T00:00:00Z
//	horizon          required; duration > 0
//	seed             whole number 0..2^64-1; default 1. All randomness comes from it
//	replications     how many seeds `spotsim run` runs, 1..10000; default 1.
//	                 Replication 0 runs with seed, replication r with
//	                 seed.Replication(seed, r) (package sim/seed)
//	notice           notice lead before an eviction (R8): a duration >= 0, or
//	                 {min: DURATION, max: DURATION} with min <= max, drawn per
//	                 notice in whole seconds; default 30s
//	timings          {create, start, stop, deallocate, delete}: durations >= 0 of
//	                 creating, starting, stopping, deallocating and deleting; an
//	                 omitted one takes its default from DefaultTimings (60s, 30s,
//	                 15s, 30s, 30s)
//	victims          random | newest | oldest: whom a capacity drop evicts (R6);
//	                 default random
//	offer            enterprise_agreement | pay_as_you_go | sponsored | csp |
//	                 benefits | free_trial; default pay_as_you_go. With a spot
//	                 fleet, csp gives a warning and benefits and free_trial are
//	                 errors (R10)
//	billing          overrides rows of Azure's billing table (R1, R2): a mapping
//	                 from state (creating, starting, running, stopping, stopped,
//	                 deallocating, deallocated, deleting, deleted) to
//	                 {compute: BOOL, disk: BOOL}; either key may be left out
//	pools            required; list of pools, below
//	quota            list of regional vCPU quotas, below; a region without one
//	                 has no limit
//	fleets           required; list of at least one fleet, below
//	actions          list of scripted actions, below, applied in file order
//
// pools[] (a pool is a region and a VM size; each pair at most once):
//
//	region      required; e.g. eastus ([A-Za-z0-9_.-]+)
//	sku         required; e.g. Standard_D2s_v5 ([A-Za-z0-9_.-]+)
//	vcpus       required; vCPUs per VM, 1..10000 (for quota, R7)
//	payg_price  required; pay-as-you-go price, decimal > 0
//	spot_price  a decimal >= 0, {csv: PATH, sha256: HEX} (sha256 optional;
//	            when given, the file must match it), or {file: PATH, format:
//	            azure-retail | azure-snapshots | resource-graph | aws | csv,
//	            sha256: HEX}. Required when a spot fleet uses the pool
//	capacity    how many spot VMs of this run the pool hosts (R6): a whole
//	            number >= 0, unlimited, {csv: PATH, sha256: HEX}, or {file:
//	            PATH, format: availability | fleet-log | csv, start: TIME,
//	            sha256: HEX} (start: when the trace begins, default the
//	            scenario's start); default unlimited
//	eviction_rate  stochastic evictions for a pool whose capacity is not a
//	            trace: one of Azure's bands (pricing.EvictionBands: 0-5 … 20+)
//	            (percent per hour; a % sign is allowed), or {file: PATH,
//	            format: resource-graph, sha256: HEX}, the pool's band in a
//	            Resource Graph export. A band's chance per hour p is its
//	            midpoint (25% for 20+), the hazard -ln(1 - p)
//	hazard      the same as a number: evictions per allocated spot VM per
//	            hour, 0 to 100 (0.03 = 3%); not with eviction_rate
//
// Trace paths are relative to the scenario file's folder. A trace file is in
// the long format of SPEC.md section 5 (timestamp,region,sku,spot_price_usd
// or timestamp,region,sku,capacity) and may hold many pools; it must have
// rows for the pool, and the pool's first point must be at or before start.
// A point holds until the next one; points after start + horizon are
// ignored.
//
// quota[] (each region at most once):
//
//	region         required
//	spot_vcpus     vCPUs that spot VMs may hold (R7): a whole number >= 0, or
//	               unlimited; default unlimited
//	regular_vcpus  the same for regular VMs (R11); default unlimited
//
// fleets[]:
//
//	name             required; [a-z0-9_-]+, unique. VMs are named <name>-<n>
//	region, sku      required; a pool defined under pools
//	count            required; VMs to create, 1..1000000
//	priority         spot | regular; default spot. A spot fleet cannot use a
//	                 B-series (Standard_B*) or promo (*_Promo) size, nor a
//	                 china* region (R10)
//	max_price        -1 or a decimal > 0 with at most 5 decimal places; default
//	                 -1 (R5; otherwise MaxPriceValueInvalid). A regular fleet
//	                 accepts only -1
//	eviction_policy  deallocate | delete; default deallocate (R9)
//	disk_price       USD per hour per VM for disks, billed from creating until
//	                 deleted (R2); decimal >= 0, default 0
//	create_at        offset from start at which the fleet is created; duration
//	                 >= 0 and < horizon, default 0s
//	after_eviction   user automation: none, {restart: DURATION} (deallocate
//	                 policy: start the evicted VM every interval until it
//	                 succeeds), or {replace: DURATION} (delete policy: create
//	                 VMs every interval until the fleet is back to count);
//	                 interval > 0; default none
//	workload         what the fleet runs, for the workload measures:
//	                 {type: service} (wants count VMs running: availability,
//	                 hours below target, pay-as-you-go baseline), or
//	                 {type: batch, work: 500h, checkpoint_every: 1h,
//	                 checkpoint_time: 20s, restart_overhead: 5m, deadline:
//	                 72h}: work is VM-time (required); checkpoint_every 0 =
//	                 never; deadline 0 = none; the others default to 0s
//	regular_base     spot priority mix: the first this many VMs are regular;
//	                 default 0
//	regular_percent_above_base
//	                 and this percent of the VMs above the base, rounded
//	                 down as Azure does (0..100); default 0. Regular VMs
//	                 are created first; a scale-in keeps the split
//	fallback         {after_evictions: N}: after N evictions each evicted
//	                 spot VM is replaced at once by a regular one;
//	                 {deadline: true} (batch with a deadline): at the last
//	                 moment regular VMs could still meet it, every spot VM is
//	                 replaced by a regular one
//	tenant           who is billed, for usage and FOCUS files (R12): 1 to 64
//	                 of A-Z a-z 0-9 _ . -; default default
//	subscription     the Azure subscription billed; same form; default
//	                 00000000-0000-0000-0000-000000000000. A subscription
//	                 belongs to one tenant across the fleets
//	vm_names         dash (<prefix>-<n>, the default) or scale_set
//	                 (<prefix>_<n>, as Azure names scale-set instances)
//	vm_name_prefix   the prefix of the fleet's VM names: 1 to 57 of A-Z a-z
//	                 0-9 _ . -; default the fleet's name. VM names must be
//	                 unique across fleets
//
// actions[]:
//
//	at         required; offset from start, duration >= 0 and < horizon
//	fleet      required; a fleet's name
//	vm         the number n of the VM <fleet>-<n>, or all; default all.
//	           Not accepted with op scale
//	op         required; start | stop | deallocate | delete | set_max_price |
//	           scale
//	max_price  required with set_max_price and accepted only there; as a
//	           fleet's max_price. set_max_price on a regular fleet is an error
//	count      required with scale and accepted only there; the fleet's new
//	           count, 0..1000000
//
// # Resolved file
//
// Scenario.ResolvedYAML writes scenario.resolved.yaml: the same keys with
// every default written out, spotsim_version, version: 1, and each trace as
// {csv: PATH, sha256: HEX}. Parsing it gives the same sim.Config.
package scenario
