#!/usr/bin/env python3
"""Writes model-1.2.extract.json: the FinOps Foundation's FOCUS 1.2 rules
model (finopsfoundation/focus_validator, focus_validator/rules/model-1.2.json,
commit 4cbf47300739ea4faaeef765f0a242c20e2aa658, MIT licence) transcribed
rule by rule, in the model's own JSON shape, keeping each rule's Function,
Reference, EntityType, ApplicabilityCriteria, Type and ValidationCriteria
(Keyword, Requirement, Condition) exactly and dropping the prose (MustSatisfy,
Notes), Dependencies, ModelVersionIntroduced and Status (every rule is 1.2
and Active). See README.md here. Run: python3 extract.py > model-1.2.extract.json
"""
import json

rules = {}

def add(rid, fn, ref, ent, kw, req, cond=None, crit=(), typ="Static"):
    assert rid not in rules, rid
    rules[rid] = {"Function": fn, "Reference": ref, "EntityType": ent,
                  "ApplicabilityCriteria": list(crit), "Type": typ,
                  "ValidationCriteria": {"Keyword": kw, "Requirement": req, "Condition": cond or {}}}

def ref_of(rid):
    return rid.split("-")[0]

def ent_of(rid):
    return {"D": "Dataset", "C": "Column", "A": "Attribute"}[rid.split("-")[1]]

def rule(rid):
    return {"CheckFunction": "CheckModelRule", "ModelRuleId": rid}

def AND(*items): return {"CheckFunction": "AND", "Items": list(items)}
def OR(*items): return {"CheckFunction": "OR", "Items": list(items)}
def cv(col, v): return {"CheckFunction": "CheckValue", "ColumnName": col, "Value": v}
def cnv(col, v): return {"CheckFunction": "CheckNotValue", "ColumnName": col, "Value": v}
def fn(f, col, **kw):
    d = {"CheckFunction": f, "ColumnName": col}
    d.update(kw)
    return d

def comp(rid, kw, children, cond=None, crit=(), op=AND, ref=None):
    add(rid, "Composite", ref or ref_of(rid), ent_of(rid), kw, op(*[rule(c) for c in children]), cond, crit)

def presence(rid, col, kw="MUST", crit=()):
    add(rid, "Presence", col, "Dataset", kw, {"CheckFunction": "ColumnPresent", "ColumnName": col}, crit=crit)

def typ(rid, f):
    add(rid, "Type", ref_of(rid), "Column", "MUST", fn(f, ref_of(rid)))

def fmt(rid, f, kw="MUST"):
    add(rid, "Format", ref_of(rid), "Column", kw, fn(f, ref_of(rid)))

def null(rid, kw, req, cond=None, crit=()):
    add(rid, "Nullability", ref_of(rid), ent_of(rid), kw, req, cond, crit)

def notnull(rid, kw="MUST NOT", cond=None, crit=()):
    null(rid, kw, cnv(ref_of(rid), None), cond, crit)

def isnull(rid, kw="MUST", cond=None):
    null(rid, kw, cv(ref_of(rid), None), cond)

def val(rid, kw, req, cond=None, crit=()):
    add(rid, "Validation", ref_of(rid), ent_of(rid), kw, req, cond, crit)

def dyn(rid, kw, f="Validation", cond=None, crit=()):
    add(rid, f, ref_of(rid), ent_of(rid), kw, {}, cond, crit, typ="Dynamic")

def allowed(col, values): return OR(*[cv(col, v) for v in values])

USAGE_OR_PURCHASE = OR(cv("ChargeCategory", "Usage"), cv("ChargeCategory", "Purchase"))
UP_NOT_CORRECTION = AND(USAGE_OR_PURCHASE, cnv("ChargeClass", "Correction"))
UP_NOT_CORRECTION_CLASS_FIRST = AND(cnv("ChargeClass", "Correction"), USAGE_OR_PURCHASE)
TAX = cv("ChargeCategory", "Tax")

# ---- Dataset: CostAndUsage ----
add("CostAndUsage-D-000-M", "Composite", "CostAndUsage", "Dataset", "MUST",
    AND(rule("CostAndUsage-D-001-M"), rule("CostAndUsage-D-002-M")))
d001 = ["003-C", "004-C", "005-M", "006-M", "007-C", "008-M", "009-M", "010-M", "011-C", "012-C", "013-C", "014-C",
        "015-C", "016-C", "017-C", "018-C", "019-C", "020-C", "021-M", "022-C", "023-M", "024-M", "025-M", "026-M",
        "027-O", "028-M", "029-C", "030-M", "031-M", "032-M", "033-O", "034-C", "035-M", "036-M", "037-M", "038-M",
        "039-C", "040-M", "041-M", "042-O", "043-C", "044-C", "045-C", "046-C", "050-C", "054-C", "058-C", "059-C",
        "060-C", "061-C", "062-C", "063-C", "064-C", "065-C", "066-C", "067-C", "068-M"]
add("CostAndUsage-D-001-M", "Composite", "CostAndUsage", "Dataset", "MUST",
    AND(*[rule("CostAndUsage-D-" + x) for x in d001]))
d002 = ["AvailabilityZone-C-000-C", "BilledCost-C-000-M", "BillingAccountId-C-000-M", "BillingAccountName-C-000-M",
        "BillingAccountType-C-000-C", "BillingCurrency-C-000-M", "BillingPeriodEnd-C-000-M", "BillingPeriodStart-C-000-M",
        "CapacityReservationId-C-000-C", "CapacityReservationStatus-C-000-C", "ChargeCategory-C-000-M",
        "ChargeClass-C-000-M", "ChargeFrequency-C-000-O", "ChargeDescription-C-000-M", "ChargePeriodEnd-C-000-M",
        "ChargePeriodStart-C-000-M", "CommitmentDiscountCategory-C-000-C", "CommitmentDiscountId-C-000-C",
        "CommitmentDiscountName-C-000-C", "CommitmentDiscountStatus-C-000-C", "CommitmentDiscountType-C-000-C",
        "CommitmentDiscountUnit-C-000-C", "CommitmentDiscountQuantity-C-000-C", "ConsumedUnit-C-000-C",
        "ConsumedQuantity-C-000-C", "ContractedCost-C-000-M", "ContractedUnitPrice-C-000-C", "EffectiveCost-C-000-M",
        "InvoiceId-C-000-O", "InvoiceIssuerName-C-000-M", "ListCost-C-000-M", "ListUnitPrice-C-000-C",
        "PricingCategory-C-000-M", "PricingCurrency-C-000-C", "PricingCurrencyContractedUnitPrice-C-000-C",
        "PricingCurrencyEffectiveCost-C-000-C", "PricingCurrencyListUnitPrice-C-000-C", "PricingQuantity-C-000-M",
        "PricingUnit-C-000-M", "ProviderName-C-000-M", "PublisherName-C-000-M", "RegionId-C-000-C",
        "RegionName-C-000-C", "ResourceId-C-000-C", "ResourceName-C-000-C", "ResourceType-C-000-C",
        "SubAccountId-C-000-C", "SubAccountName-C-000-C", "ServiceCategory-C-000-M", "ServiceName-C-000-M",
        "ServiceSubcategory-C-000-O", "SkuId-C-000-C", "SkuMeter-C-000-C", "SkuPriceDetails-C-000-C",
        "SkuPriceId-C-000-C", "SubAccountType-C-000-C", "Tags-C-000-C"]
add("CostAndUsage-D-002-M", "Composite", "CostAndUsage", "Dataset", "MUST", AND(*[rule(x) for x in d002]))

PUB, UNIT = "PUBLIC_PRICE_LIST_SUPPORTED", "UNIT_PRICING_SUPPORTED"
for rid, col, kw, crit in [
    ("003-C", "AvailabilityZone", "RECOMMENDED", ["AVAILABILITY_ZONE_SUPPORTED"]),
    ("004-C", "ListUnitPrice", "MUST", [PUB]),
    ("005-M", "BillingAccountName", "MUST", []),
    ("006-M", "BilledCost", "MUST", []),
    ("007-C", "BillingAccountType", "MUST", ["MULTIPLE_BILLING_ACCOUNT_TYPES_SUPPORTED"]),
    ("008-M", "ChargeCategory", "MUST", []),
    ("009-M", "BillingPeriodStart", "MUST", []),
    ("010-M", "BillingPeriodEnd", "MUST", []),
    ("011-C", "ConsumedQuantity", "MUST", ["USAGE_MEASUREMENT_SUPPORTED"]),
    ("012-C", "CommitmentDiscountName", "MUST", ["COMMITMENT_DISCOUNT_SUPPORTED"]),
    ("013-C", "CommitmentDiscountId", "MUST", ["COMMITMENT_DISCOUNT_SUPPORTED"]),
    ("014-C", "CommitmentDiscountType", "MUST", ["COMMITMENT_DISCOUNT_SUPPORTED"]),
    ("015-C", "CommitmentDiscountUnit", "MUST", ["COMMITMENT_DISCOUNT_SUPPORTED"]),
    ("016-C", "CommitmentDiscountCategory", "MUST", ["COMMITMENT_DISCOUNT_SUPPORTED"]),
    ("017-C", "CommitmentDiscountStatus", "MUST", ["COMMITMENT_DISCOUNT_SUPPORTED"]),
    ("018-C", "CommitmentDiscountQuantity", "MUST", ["COMMITMENT_DISCOUNT_SUPPORTED"]),
    ("019-C", "SubAccountId", "MUST", ["SUB_ACCOUNT_SUPPORTED"]),
    ("020-C", "CapacityReservationStatus", "MUST", ["CAPACITY_RESERVATION_SUPPORTED"]),
    ("021-M", "PublisherName", "MUST", []),
    ("022-C", "PricingCategory", "MUST", ["MULTIPLE_PRICING_CATEGORIES_SUPPORTED"]),
    ("023-M", "InvoiceIssuerName", "MUST", []),
    ("024-M", "BillingAccountId", "MUST", []),
    ("025-M", "ChargeDescription", "MUST", []),
    ("026-M", "ChargeClass", "MUST", []),
    ("027-O", "ChargeFrequency", "RECOMMENDED", []),
    ("028-M", "ChargePeriodEnd", "MUST", []),
    ("029-C", "SubAccountName", "MUST", ["SUB_ACCOUNT_SUPPORTED"]),
    ("030-M", "ContractedCost", "MUST", []),
    ("031-M", "EffectiveCost", "MUST", []),
    ("032-M", "ListCost", "MUST", []),
    ("033-O", "InvoiceId", "RECOMMENDED", []),
    ("034-C", "ContractedUnitPrice", "MUST", ["NEGOTIATED_PRICING_SUPPORTED"]),
    ("035-M", "BillingCurrency", "MUST", []),
    ("036-M", "PricingQuantity", "MUST", []),
    ("037-M", "ChargePeriodStart", "MUST", []),
    ("038-M", "ProviderName", "MUST", []),
    ("039-C", "ResourceType", "MUST", ["BILLING_BASED_ON_PROVISIONED_RESOURCES_SUPPORTED", "RESOURCE_TYPE_ASSIGNMENT_SUPPORTED"]),
    ("040-M", "ServiceCategory", "MUST", []),
    ("041-M", "ServiceName", "MUST", []),
    ("042-O", "ServiceSubcategory", "RECOMMENDED", []),
    ("043-C", "ResourceId", "MUST", ["BILLING_BASED_ON_PROVISIONED_RESOURCES_SUPPORTED"]),
    ("044-C", "ResourceName", "MUST", ["BILLING_BASED_ON_PROVISIONED_RESOURCES_SUPPORTED"]),
    ("045-C", "PricingCurrency", "MUST", ["PRICING_BILLING_CURRENCY_DIFFERENCES_SUPPORTED"]),
    ("047-C", "PricingCurrencyContractedUnitPrice", "MUST", [PUB, "VIRTUAL_CURRENCY_SUPPORTED"]),
    ("048-C", "PricingCurrencyContractedUnitPrice", "RECOMMENDED", [PUB, "PRICING_BILLING_CURRENCY_DIFFERENCES_SUPPORTED"]),
    ("049-C", "PricingCurrencyContractedUnitPrice", "MAY", [PUB, "PRICING_BILLING_CURRENCY_DIFFERENCES_SUPPORTED"]),
    ("051-C", "PricingCurrencyEffectiveCost", "MUST", [PUB, "VIRTUAL_CURRENCY_SUPPORTED"]),
    ("052-C", "PricingCurrencyEffectiveCost", "RECOMMENDED", [PUB, "PRICING_BILLING_CURRENCY_DIFFERENCES_SUPPORTED"]),
    ("053-C", "PricingCurrencyEffectiveCost", "MAY", [PUB, "PRICING_BILLING_CURRENCY_DIFFERENCES_SUPPORTED"]),
    ("055-C", "PricingCurrencyListUnitPrice", "MUST", [PUB, "VIRTUAL_CURRENCY_SUPPORTED"]),
    ("056-C", "PricingCurrencyListUnitPrice", "RECOMMENDED", [PUB, "PRICING_BILLING_CURRENCY_DIFFERENCES_SUPPORTED"]),
    ("057-C", "PricingCurrencyListUnitPrice", "MAY", [PUB, "PRICING_BILLING_CURRENCY_DIFFERENCES_SUPPORTED"]),
    ("058-C", "SkuPriceId", "MUST", [PUB, UNIT]),
    ("059-C", "SkuMeter", "MUST", [PUB, UNIT]),
    ("060-C", "SkuId", "MUST", [PUB, UNIT]),
    ("061-C", "SkuPriceDetails", "MUST", [PUB, UNIT]),
    ("062-C", "RegionName", "MUST", ["REGION_SUPPORTED"]),
    ("063-C", "RegionId", "MUST", ["REGION_SUPPORTED"]),
    ("064-C", "Tags", "MUST", ["TAGGING_SUPPORTED"]),
    ("065-C", "CapacityReservationId", "MUST", ["CAPACITY_RESERVATION_SUPPORTED"]),
    ("066-C", "ConsumedUnit", "MUST", ["USAGE_MEASUREMENT_SUPPORTED"]),
    ("067-C", "SubAccountType", "MUST", ["MULTIPLE_SUB_ACCOUNT_TYPES_SUPPORTED"]),
    ("068-M", "PricingUnit", "MUST", []),
]:
    presence("CostAndUsage-D-" + rid, col, kw, crit)
for rid, col, kids in [("046-C", "PricingCurrencyContractedUnitPrice", ["047-C", "048-C", "049-C"]),
                       ("050-C", "PricingCurrencyEffectiveCost", ["051-C", "052-C", "053-C"]),
                       ("054-C", "PricingCurrencyListUnitPrice", ["055-C", "056-C", "057-C"])]:
    comp("CostAndUsage-D-" + rid, "MUST", ["CostAndUsage-D-" + k for k in kids], ref=col)

# ---- Attributes (referenced as dependencies and by the Format checks) ----
def attr(name, kids, dyns, crit=()):
    comp(f"{name}-A-000-{kids[0]}", "MUST", [f"{name}-A-{k}" for k in kids[1]], crit=crit)
    for k, kw, f in dyns:
        dyn(f"{name}-A-{k}", kw, f, crit=crit)

comp("DateTimeFormat-A-000-M", "MUST", ["DateTimeFormat-A-001-M", "DateTimeFormat-A-002-M", "DateTimeFormat-A-003-M"])
dyn("DateTimeFormat-A-001-M", "MUST")
dyn("DateTimeFormat-A-002-M", "MUST", "Format")
comp("DateTimeFormat-A-003-M", "MUST", ["DateTimeFormat-A-004-M", "DateTimeFormat-A-005-M", "DateTimeFormat-A-006-M"])
for k in ["004-M", "005-M", "006-M"]:
    dyn("DateTimeFormat-A-" + k, "MUST")
comp("CurrencyFormat-A-000-C", "MUST", ["CurrencyFormat-A-001-C", "CurrencyFormat-A-002-C"])
dyn("CurrencyFormat-A-001-C", "MUST")
dyn("CurrencyFormat-A-002-C", "MUST")
nf = [("001-O", "SHOULD"), ("002-M", "MUST"), ("003-M", "MUST"), ("004-M", "MUST NOT"), ("005-M", "MUST"),
      ("006-M", "MUST"), ("007-M", "MUST NOT"), ("008-M", "MUST NOT"), ("009-M", "MUST NOT"), ("010-M", "MUST NOT"),
      ("011-M", "MUST"), ("012-M", "MUST"), ("013-O", "SHOULD")]
comp("NumericFormat-A-000-M", "MUST", ["NumericFormat-A-" + k for k, _ in nf])
for k, kw in nf:
    dyn("NumericFormat-A-" + k, kw, "Format")
sh = [("001-M", "MUST"), ("002-O", "SHOULD"), ("003-M", "MUST"), ("004-M", "MUST"), ("005-M", "MUST NOT"),
      ("006-M", "MUST"), ("007-M", "SHOULD NOT"), ("008-C", "MAY")]
comp("StringHandling-A-000-M", "MUST", ["StringHandling-A-" + k for k, _ in sh])
for k, kw in sh:
    dyn("StringHandling-A-" + k, kw, "Format")
comp("ColumnHandling-A-000-M", "MUST", ["ColumnHandling-A-" + k for k in
     ["001-M", "002-M", "003-M", "004-O", "005-O", "006-M", "007-O", "008-M", "009-M", "012-O", "013-O", "014-O"]])
for k, kw in [("001-M", "MUST"), ("002-M", "MUST NOT"), ("003-M", "MUST"), ("004-O", "SHOULD NOT"),
              ("005-O", "SHOULD NOT"), ("006-M", "MUST"), ("007-O", "MAY"), ("008-M", "MUST"), ("010-M", "MUST"),
              ("011-O", "SHOULD"), ("012-O", "SHOULD"), ("013-O", "SHOULD"), ("014-O", "MAY")]:
    dyn("ColumnHandling-A-" + k, kw)
comp("ColumnHandling-A-009-M", "MUST", ["ColumnHandling-A-010-M", "ColumnHandling-A-011-O"])
comp("UnitFormat-A-000-M", "MUST", ["UnitFormat-A-001-M", "UnitFormat-A-002-O", "UnitFormat-A-003-M", "UnitFormat-A-004-C"])
for k, kw in [("001-M", "SHOULD"), ("002-O", "MAY"), ("003-M", "MUST"), ("004-C", "SHOULD")]:
    dyn("UnitFormat-A-" + k, kw, "Format")
comp("KeyValueFormat-A-000-M", "MUST", ["KeyValueFormat-A-001-M", "KeyValueFormat-A-002-M", "KeyValueFormat-A-003-M", "KeyValueFormat-A-004-M"])
dyn("KeyValueFormat-A-001-M", "MUST", "Format")
dyn("KeyValueFormat-A-002-M", "MUST")
dyn("KeyValueFormat-A-003-M", "MUST")
dyn("KeyValueFormat-A-004-M", "MUST NOT")
CD = ["COMMITMENT_DISCOUNT_SUPPORTED"]
comp("DiscountHandling-A-000-C", "MUST", ["DiscountHandling-A-" + k for k in ["001-C", "002-C", "005-C", "008-C", "020-C"]], crit=CD)
comp("DiscountHandling-A-002-C", "MUST", ["DiscountHandling-A-003-C", "DiscountHandling-A-004-C"], crit=CD)
comp("DiscountHandling-A-005-C", "MUST", ["DiscountHandling-A-006-C", "DiscountHandling-A-007-C"], crit=CD)
comp("DiscountHandling-A-008-C", "MUST", ["DiscountHandling-A-%03d-C" % i for i in range(9, 20)], crit=CD)
for k, kw in [("001-C", "SHOULD"), ("003-C", "MUST"), ("004-C", "MUST"), ("006-C", "MUST"), ("007-C", "SHOULD")] + \
             [("%03d-C" % i, "MUST") for i in range(9, 21)]:
    dyn("DiscountHandling-A-" + k, kw, crit=CD)
comp("NullHandling-A-000-M", "MUST", ["NullHandling-A-001-C", "NullHandling-A-002-M"])
dyn("NullHandling-A-001-C", "MUST")
dyn("NullHandling-A-002-M", "MUST NOT")

# ---- Columns ----
def column(col, suffix, kids, crit=(), kw="MUST"):
    comp(f"{col}-C-000-{suffix}", kw, [f"{col}-C-{k}" for k in kids], crit=crit)

def string_col(col):  # -001 Type String, -002 StringHandling
    typ(f"{col}-C-001-M", "TypeString")
    fmt(f"{col}-C-002-M", "FormatString")

# CommitmentDiscountName
column("CommitmentDiscountName", "C", ["001-M", "002-M", "003-C", "004-C"], CD)
string_col("CommitmentDiscountName")
comp("CommitmentDiscountName-C-003-C", "MUST", ["CommitmentDiscountName-C-004-C", "CommitmentDiscountName-C-005-C"])
isnull("CommitmentDiscountName-C-004-C", cond=cv("CommitmentDiscountId", None))
comp("CommitmentDiscountName-C-005-C", "MUST", ["CommitmentDiscountName-C-006-C", "CommitmentDiscountName-C-007-C"], cond=cnv("CommitmentDiscountId", None))
dyn("CommitmentDiscountName-C-006-C", "MUST NOT", "Nullability")
dyn("CommitmentDiscountName-C-007-C", "MAY", "Nullability")

# InvoiceIssuerName, ProviderName, PublisherName: string, not null
for col in ["InvoiceIssuerName", "ProviderName", "PublisherName"]:
    column(col, "M", ["001-M", "002-M", "003-M"])
    string_col(col)
    notnull(f"{col}-C-003-M")

# BillingAccountId
column("BillingAccountId", "M", ["001-M", "002-M", "003-M", "004-M", "005-O"])
notnull("BillingAccountId-C-001-M")
typ("BillingAccountId-C-002-M", "TypeString")
fmt("BillingAccountId-C-003-M", "FormatString")
dyn("BillingAccountId-C-004-M", "MUST")
dyn("BillingAccountId-C-005-O", "SHOULD")

# BillingAccountName
column("BillingAccountName", "M", ["001-M", "002-M", "003-C"])
string_col("BillingAccountName")
notnull("BillingAccountName-C-003-C", crit=["ACCOUNT_NAMING_SUPPORTED"])

# Date/time columns: BillingPeriodStart/End, ChargePeriodStart/End
for col in ["BillingPeriodStart", "BillingPeriodEnd", "ChargePeriodStart", "ChargePeriodEnd"]:
    column(col, "M", ["001-M", "002-M", "003-M", "004-M"])
    if col == "ChargePeriodStart":
        add(f"{col}-C-001-M", "Type", col, "Column", "MUST", fn("TypeDateTime", col, ExpectedType="DateTime"))
    else:
        typ(f"{col}-C-001-M", "TypeDateTime")
    fmt(f"{col}-C-002-M", "FormatDateTime")
    notnull(f"{col}-C-003-M")
    dyn(f"{col}-C-004-M", "MUST")

# ChargeCategory
column("ChargeCategory", "M", ["001-M", "002-M", "003-M"])
typ("ChargeCategory-C-001-M", "TypeString")
notnull("ChargeCategory-C-002-M")
val("ChargeCategory-C-003-M", "MUST", allowed("ChargeCategory", ["Usage", "Purchase", "Tax", "Credit", "Adjustment"]))

# AvailabilityZone
column("AvailabilityZone", "C", ["001-M", "002-M", "003-C"], ["AVAILABILITY_ZONE_SUPPORTED"])
string_col("AvailabilityZone")
dyn("AvailabilityZone-C-003-C", "MUST", "Nullability")

# ServiceCategory
column("ServiceCategory", "M", ["001-M", "002-M", "003-M"])
typ("ServiceCategory-C-001-M", "TypeString")
notnull("ServiceCategory-C-002-M")
CATEGORIES = ["AI and Machine Learning", "Analytics", "Business Applications", "Compute", "Databases",
              "Developer Tools", "Multicloud", "Identity", "Integration", "Internet of Things",
              "Management and Governance", "Media", "Migration", "Mobile", "Networking", "Security", "Storage",
              "Web", "Other"]
val("ServiceCategory-C-003-M", "MUST", allowed("ServiceCategory", CATEGORIES))

# SkuMeter
column("SkuMeter", "C", ["001-M", "002-M", "003-C", "006-O"], [PUB, UNIT])
string_col("SkuMeter")
comp("SkuMeter-C-003-C", "MUST", ["SkuMeter-C-004-C", "SkuMeter-C-005-C"])
isnull("SkuMeter-C-004-C", cond=cv("SkuId", None))
notnull("SkuMeter-C-005-C", "SHOULD NOT", cond=cnv("SkuId", None))
dyn("SkuMeter-C-006-O", "SHOULD")

# ListUnitPrice
column("ListUnitPrice", "C", ["001-M", "002-M", "003-M", "007-C"], [PUB])
typ("ListUnitPrice-C-001-M", "TypeDecimal")
fmt("ListUnitPrice-C-002-M", "FormatNumeric")
comp("ListUnitPrice-C-003-M", "MUST", ["ListUnitPrice-C-004-C", "ListUnitPrice-C-005-C", "ListUnitPrice-C-006-O"])
isnull("ListUnitPrice-C-004-C", cond=TAX)
notnull("ListUnitPrice-C-005-C", cond=UP_NOT_CORRECTION_CLASS_FIRST)
isnull("ListUnitPrice-C-006-O", "MAY")
comp("ListUnitPrice-C-007-C", "MUST", ["ListUnitPrice-C-008-M", "ListUnitPrice-C-009-M", "ListUnitPrice-C-010-C", "ListUnitPrice-C-011-C"], cond=cnv("ListUnitPrice", None))
val("ListUnitPrice-C-008-M", "MUST", fn("CheckGreaterOrEqualThanValue", "ListUnitPrice", Value=0))
dyn("ListUnitPrice-C-009-M", "MUST")
val("ListUnitPrice-C-010-C", "MUST", {"CheckFunction": "ColumnByColumnEqualsColumnValue", "ColumnAName": "ListUnitPrice",
    "ColumnBName": "PricingQuantity", "ResultColumnName": "ListCost"},
    AND(cnv("ListUnitPrice", None), cnv("ChargeClass", "Correction")))
dyn("ListUnitPrice-C-011-C", "MAY", cond=cv("ChargeClass", "Correction"))

# PricingQuantity
column("PricingQuantity", "M", ["001-M", "002-M", "003-M", "007-C"])
typ("PricingQuantity-C-001-M", "TypeDecimal")
fmt("PricingQuantity-C-002-M", "FormatNumeric")
comp("PricingQuantity-C-003-M", "MUST", ["PricingQuantity-C-004-C", "PricingQuantity-C-005-C", "PricingQuantity-C-006-O"])
isnull("PricingQuantity-C-004-C", cond=TAX)
notnull("PricingQuantity-C-005-C", cond=UP_NOT_CORRECTION)
dyn("PricingQuantity-C-006-O", "MAY", "Nullability")
comp("PricingQuantity-C-007-C", "MUST", ["PricingQuantity-C-008-M", "PricingQuantity-C-009-C", "PricingQuantity-C-010-C"], cond=cnv("PricingQuantity", None))
val("PricingQuantity-C-008-M", "MUST", cnv("PricingQuantity", None))
dyn("PricingQuantity-C-009-C", "MUST")
dyn("PricingQuantity-C-010-C", "MAY", cond=cv("ChargeClass", "Correction"))

# CommitmentDiscountId
column("CommitmentDiscountId", "C", ["001-M", "002-M", "003-C", "006-C"], CD)
string_col("CommitmentDiscountId")
comp("CommitmentDiscountId-C-003-C", "MUST", ["CommitmentDiscountId-C-004-C", "CommitmentDiscountId-C-005-C"])
dyn("CommitmentDiscountId-C-004-C", "MUST", "Nullability")
dyn("CommitmentDiscountId-C-005-C", "MUST NOT", "Nullability")
comp("CommitmentDiscountId-C-006-C", "MUST", ["CommitmentDiscountId-C-007-M", "CommitmentDiscountId-C-008-C"], cond=cnv("CommitmentDiscountId", None))
dyn("CommitmentDiscountId-C-007-M", "MUST")
dyn("CommitmentDiscountId-C-008-C", "SHOULD")

# ResourceId (its not-null condition names the column under "CheckCondition", as the model has it)
column("ResourceId", "C", ["001-M", "002-M", "003-C", "006-C"], ["BILLING_BASED_ON_PROVISIONED_RESOURCES_SUPPORTED", "RESOURCE_TYPE_ASSIGNMENT_SUPPORTED"])
string_col("ResourceId")
comp("ResourceId-C-003-C", "MUST", ["ResourceId-C-004-C", "ResourceId-C-005-C"])
dyn("ResourceId-C-004-C", "MUST", "Nullability")
dyn("ResourceId-C-005-C", "MUST NOT", "Nullability")
comp("ResourceId-C-006-C", "MUST", ["ResourceId-C-007-M", "ResourceId-C-008-O"],
     cond={"CheckFunction": "CheckNotValue", "CheckCondition": "ResourceId", "Value": None})
dyn("ResourceId-C-007-M", "MUST")
dyn("ResourceId-C-008-O", "SHOULD")

# ChargeDescription
column("ChargeDescription", "M", ["001-M", "002-M", "003-O", "004-O"])
string_col("ChargeDescription")
notnull("ChargeDescription-C-003-O", "SHOULD NOT")
dyn("ChargeDescription-C-004-O", "SHOULD")

# SkuPriceId
column("SkuPriceId", "C", ["001-M", "002-M", "003-M", "007-C"], [PUB, UNIT])
string_col("SkuPriceId")
comp("SkuPriceId-C-003-M", "MUST", ["SkuPriceId-C-004-C", "SkuPriceId-C-005-C", "SkuPriceId-C-006-O"])
isnull("SkuPriceId-C-004-C", cond=TAX)
notnull("SkuPriceId-C-005-C", cond=UP_NOT_CORRECTION)
dyn("SkuPriceId-C-006-O", "MAY", "Nullability")
comp("SkuPriceId-C-007-C", "MUST", ["SkuPriceId-C-%03d-%s" % (i, s) for i, s in
     [(8, "M"), (9, "M"), (10, "M"), (11, "O"), (12, "C"), (13, "M"), (14, "C"), (15, "C")]], cond=cnv("SkuPriceId", None))
val("SkuPriceId-C-008-M", "MUST", {"CheckFunction": "CheckDistinctCount", "ColumnAName": "SkuPriceId", "ColumnBName": "SkuId", "ExpectedCount": 1})
dyn("SkuPriceId-C-009-M", "MUST")
dyn("SkuPriceId-C-010-M", "MUST")
val("SkuPriceId-C-011-O", "MAY", {"CheckFunction": "CheckSameValue", "ColumnAName": "SkuPriceId", "ColumnBName": "SkuId"})
dyn("SkuPriceId-C-012-C", "MUST", cond=USAGE_OR_PURCHASE)
dyn("SkuPriceId-C-013-M", "MUST")
dyn("SkuPriceId-C-014-C", "MUST", crit=[PUB])
dyn("SkuPriceId-C-015-C", "MUST", crit=["NEGOTIATED_PRICING_SUPPORTED"])

# InvoiceId
column("InvoiceId", "O", ["001-M", "002-M", "003-C", "006-O", "007-C"], kw="SHOULD")
string_col("InvoiceId")
comp("InvoiceId-C-003-C", "MUST", ["InvoiceId-C-004-C", "InvoiceId-C-005-C"], op=OR)
isnull("InvoiceId-C-004-C")
notnull("InvoiceId-C-005-C")
dyn("InvoiceId-C-006-O", "MAY")
dyn("InvoiceId-C-007-C", "MUST")

# PricingCurrency* unit prices and cost
PBCD = ["PRICING_BILLING_CURRENCY_DIFFERENCES_SUPPORTED"]
column("PricingCurrencyListUnitPrice", "C", ["001-M", "002-M", "003-M", "007-C"], PBCD)
typ("PricingCurrencyListUnitPrice-C-001-M", "TypeDecimal")
fmt("PricingCurrencyListUnitPrice-C-002-M", "FormatNumeric")
comp("PricingCurrencyListUnitPrice-C-003-M", "MUST", ["PricingCurrencyListUnitPrice-C-004-C", "PricingCurrencyListUnitPrice-C-005-C", "PricingCurrencyListUnitPrice-C-006-O"])
isnull("PricingCurrencyListUnitPrice-C-004-C", cond=TAX)
notnull("PricingCurrencyListUnitPrice-C-005-C", cond=UP_NOT_CORRECTION)
dyn("PricingCurrencyListUnitPrice-C-006-O", "MAY", "Nullability")
comp("PricingCurrencyListUnitPrice-C-007-C", "MUST", ["PricingCurrencyListUnitPrice-C-008-M", "PricingCurrencyListUnitPrice-C-009-M", "PricingCurrencyListUnitPrice-C-010-C"], cond=cnv("PricingCurrencyListUnitPrice", None))
val("PricingCurrencyListUnitPrice-C-008-M", "MUST", fn("CheckGreaterOrEqualThanValue", "PricingCurrencyListUnitPrice", Value=0))
dyn("PricingCurrencyListUnitPrice-C-009-M", "MUST")
dyn("PricingCurrencyListUnitPrice-C-010-C", "MAY", cond=cv("ChargeClass", "Correction"))

column("PricingCurrencyContractedUnitPrice", "C", ["001-M", "002-M", "003-M", "007-C"], PBCD)
typ("PricingCurrencyContractedUnitPrice-C-001-M", "TypeDecimal")
fmt("PricingCurrencyContractedUnitPrice-C-002-M", "FormatNumeric")
comp("PricingCurrencyContractedUnitPrice-C-003-M", "MUST", ["PricingCurrencyContractedUnitPrice-C-004-C", "PricingCurrencyContractedUnitPrice-C-005-C", "PricingCurrencyContractedUnitPrice-C-006-O"])
dyn("PricingCurrencyContractedUnitPrice-C-004-C", "MUST", "Nullability", cond=TAX)
dyn("PricingCurrencyContractedUnitPrice-C-005-C", "MUST NOT", "Nullability", cond=UP_NOT_CORRECTION)
dyn("PricingCurrencyContractedUnitPrice-C-006-O", "MAY", "Nullability")
comp("PricingCurrencyContractedUnitPrice-C-007-C", "MUST", ["PricingCurrencyContractedUnitPrice-C-008-C", "PricingCurrencyContractedUnitPrice-C-009-C", "PricingCurrencyContractedUnitPrice-C-010-C"], cond=cnv("PricingCurrencyContractedUnitPrice", None))
dyn("PricingCurrencyContractedUnitPrice-C-008-C", "MUST", cond=cnv("PricingCurrencyContractedUnitPrice", None))
dyn("PricingCurrencyContractedUnitPrice-C-009-C", "MUST", cond=cnv("PricingCurrencyContractedUnitPrice", None))
dyn("PricingCurrencyContractedUnitPrice-C-010-C", "MAY", cond=cv("ChargeClass", "Correction"))

column("PricingCurrencyEffectiveCost", "C", ["%03d-M" % i for i in range(1, 7)], PBCD)
typ("PricingCurrencyEffectiveCost-C-001-M", "TypeDecimal")
fmt("PricingCurrencyEffectiveCost-C-002-M", "FormatNumeric")
notnull("PricingCurrencyEffectiveCost-C-003-M")
val("PricingCurrencyEffectiveCost-C-004-M", "MUST", fn("CheckGreaterOrEqualThanValue", "PricingCurrencyListUnitPrice", Value=0))
dyn("PricingCurrencyEffectiveCost-C-005-M", "MUST")
dyn("PricingCurrencyEffectiveCost-C-006-M", "MUST")

column("PricingCurrency", "C", ["001-M", "002-M", "003-M", "004-M"], PBCD)
string_col("PricingCurrency")
fmt("PricingCurrency-C-003-M", "FormatCurrency")
notnull("PricingCurrency-C-004-M")

# ConsumedUnit
column("ConsumedUnit", "C", ["001-M", "002-M", "003-O", "004-C"], ["USAGE_MEASUREMENT_SUPPORTED"])
string_col("ConsumedUnit")
fmt("ConsumedUnit-C-003-O", "FormatUnit", "SHOULD")
comp("ConsumedUnit-C-004-C", "MUST", ["ConsumedUnit-C-005-C", "ConsumedUnit-C-006-C"], crit=["USAGE_MEASUREMENT_SUPPORTED"])
isnull("ConsumedUnit-C-005-C", cond=cv("ConsumedQuantity", None))
notnull("ConsumedUnit-C-006-C", cond=cnv("ConsumedQuantity", None))

# ChargeFrequency
column("ChargeFrequency", "O", ["001-M", "002-M", "003-M", "004-C"])
typ("ChargeFrequency-C-001-M", "TypeString")
notnull("ChargeFrequency-C-002-M")
val("ChargeFrequency-C-003-M", "MUST", allowed("ChargeFrequency", ["One-Time", "Recurring", "Usage-Based"]))
val("ChargeFrequency-C-004-C", "MUST NOT", cnv("ChargeFrequency", "Usage-Based"), cv("ChargeCategory", "Purchase"))

# SkuPriceDetails
column("SkuPriceDetails", "C", ["001-M", "002-O", "003-C", "006-C", "019-M"], [PUB, UNIT])
fmt("SkuPriceDetails-C-001-M", "FormatKeyValue")
dyn("SkuPriceDetails-C-002-O", "SHOULD", "Format")
comp("SkuPriceDetails-C-003-C", "MUST", ["SkuPriceDetails-C-004-C", "SkuPriceDetails-C-005-C"])
isnull("SkuPriceDetails-C-004-C", cond=cv("SkuPriceId", None))
isnull("SkuPriceDetails-C-005-C", "MAY", cond=cnv("SkuPriceId", None))
comp("SkuPriceDetails-C-006-C", "MUST", ["SkuPriceDetails-C-" + k for k in ["007-M", "008-M", "009-C", "010-C", "011-O", "012-O", "016-O", "017-C", "018-C"]], cond=cnv("SkuPriceDetails", None))
for k, kw, f in [("007-M", "MUST", "Validation"), ("008-M", "MUST NOT", "Validation"), ("009-C", "SHOULD", "Validation"),
                 ("010-C", "MUST", "Validation"), ("011-O", "MAY", "Validation"), ("013-O", "SHOULD", "Validation"),
                 ("014-O", "SHOULD NOT", "Validation"), ("015-O", "MAY", "Validation"), ("016-O", "SHOULD", "Format"),
                 ("017-C", "MUST", "Format"), ("018-C", "MUST", "Validation"), ("020-M", "MUST", "Format"),
                 ("021-M", "MUST", "Type"), ("022-C", "MUST", "Validation")]:
    dyn("SkuPriceDetails-C-" + k, kw, f)
comp("SkuPriceDetails-C-012-O", "SHOULD", ["SkuPriceDetails-C-013-O", "SkuPriceDetails-C-014-O", "SkuPriceDetails-C-015-O"])
comp("SkuPriceDetails-C-019-M", "MUST", ["SkuPriceDetails-C-020-M", "SkuPriceDetails-C-021-M", "SkuPriceDetails-C-022-C"])

# ConsumedQuantity
column("ConsumedQuantity", "C", ["001-M", "002-M", "003-C", "008-C"], ["USAGE_MEASUREMENT_SUPPORTED"])
typ("ConsumedQuantity-C-001-M", "TypeDecimal")
fmt("ConsumedQuantity-C-002-M", "FormatNumeric")
comp("ConsumedQuantity-C-003-C", "MUST", ["ConsumedQuantity-C-004-C", "ConsumedQuantity-C-005-C"])
isnull("ConsumedQuantity-C-004-C", cond=OR(cnv("ChargeCategory", "Usage"), AND(cv("ChargeCategory", "Usage"), cv("CommitmentDiscountStatus", "Unused"))))
comp("ConsumedQuantity-C-005-C", "MUST", ["ConsumedQuantity-C-006-C", "ConsumedQuantity-C-007-C"], cond=AND(cv("ChargeCategory", "Usage"), cnv("CommitmentDiscountStatus", "Unused")))
notnull("ConsumedQuantity-C-006-C", cond=cv("ChargeClass", "Correction"))
isnull("ConsumedQuantity-C-007-C", "MAY", cond=cv("ChargeClass", "Correction"))
dyn("ConsumedQuantity-C-008-C", "MUST", cond=cnv("ConsumedQuantity", None))

# SkuId
column("SkuId", "C", ["001-M", "002-M", "003-M", "007-M", "011-C", "012-O"], [PUB, UNIT])
string_col("SkuId")
comp("SkuId-C-003-M", "MUST", ["SkuId-C-004-C", "SkuId-C-005-C", "SkuId-C-006-O"])
isnull("SkuId-C-004-C", cond=TAX)
notnull("SkuId-C-005-C", cond=UP_NOT_CORRECTION)
dyn("SkuId-C-006-O", "MAY", "Nullability")
comp("SkuId-C-007-M", "MUST", ["SkuId-C-008-M", "SkuId-C-009-M", "SkuId-C-010-M"])
for k in ["008-M", "009-M", "010-M"]:
    dyn("SkuId-C-" + k, "MUST")
dyn("SkuId-C-011-C", "MUST", cond=USAGE_OR_PURCHASE)
dyn("SkuId-C-012-O", "MAY")

# ResourceType (its not-null condition names ResourceId under "CheckCondition", as the model has it)
column("ResourceType", "C", ["001-M", "002-M", "003-C"], ["BILLING_BASED_ON_PROVISIONED_RESOURCES_SUPPORTED", "RESOURCE_TYPE_ASSIGNMENT_SUPPORTED"])
string_col("ResourceType")
comp("ResourceType-C-003-C", "MUST", ["ResourceType-C-004-C", "ResourceType-C-005-C"])
isnull("ResourceType-C-004-C", cond=cv("ResourceId", None))
notnull("ResourceType-C-005-C", cond={"CheckFunction": "CheckNotValue", "CheckCondition": "ResourceId", "Value": None})

# SubAccountType, BillingAccountType
for col, idcol, crit in [("SubAccountType", "SubAccountId", "MULTIPLE_SUB_ACCOUNT_TYPES_SUPPORTED"),
                         ("BillingAccountType", "BillingAccountId", "MULTIPLE_BILLING_ACCOUNT_TYPES_SUPPORTED")]:
    column(col, "C", ["001-M", "002-M", "003-C", "006-M"], [crit])
    string_col(col)
    comp(f"{col}-C-003-C", "MUST", [f"{col}-C-004-C", f"{col}-C-005-C"], op=OR if col == "SubAccountType" else AND)
    isnull(f"{col}-C-004-C", cond=cv(idcol, None))
    notnull(f"{col}-C-005-C", cond=cnv(idcol, None))
    dyn(f"{col}-C-006-M", "MUST")

# PricingCategory
column("PricingCategory", "M", ["001-M", "002-M", "006-C"])
typ("PricingCategory-C-001-M", "TypeString")
comp("PricingCategory-C-002-M", "MUST", ["PricingCategory-C-003-C", "PricingCategory-C-004-C", "PricingCategory-C-005-O"])
isnull("PricingCategory-C-003-C", cond=TAX)
notnull("PricingCategory-C-004-C", cond=UP_NOT_CORRECTION)
dyn("PricingCategory-C-005-O", "MAY", "Nullability")
comp("PricingCategory-C-006-C", "MUST", ["PricingCategory-C-%03d-%s" % (i, s) for i, s in [(7, "M"), (8, "C"), (9, "C"), (10, "C"), (11, "C")]], cond=cnv("PricingCategory", None))
val("PricingCategory-C-007-M", "MUST", allowed("PricingCategory", ["Standard", "Committed", "Dynamic", "Other"]))
dyn("PricingCategory-C-008-C", "MUST", cond=cnv("PricingCategory", None))
for k in ["009-C", "010-C", "011-C"]:
    dyn("PricingCategory-C-" + k, "MUST")

# CommitmentDiscountUnit
column("CommitmentDiscountUnit", "C", ["001-M", "002-M", "003-M", "004-C", "007-C"], CD)
string_col("CommitmentDiscountUnit")
fmt("CommitmentDiscountUnit-C-003-M", "FormatUnit", "SHOULD")
comp("CommitmentDiscountUnit-C-004-C", "MUST", ["CommitmentDiscountUnit-C-005-C", "CommitmentDiscountUnit-C-006-C"])
isnull("CommitmentDiscountUnit-C-005-C", cond=cv("CommitmentDiscountQuantity", None))
notnull("CommitmentDiscountUnit-C-006-C", cond=cnv("CommitmentDiscountQuantity", None))
comp("CommitmentDiscountUnit-C-007-C", "MUST", ["CommitmentDiscountUnit-C-008-M", "CommitmentDiscountUnit-C-009-M", "CommitmentDiscountUnit-C-010-C"], cond=cnv("CommitmentDiscountUnit", None))
dyn("CommitmentDiscountUnit-C-008-M", "MUST")
dyn("CommitmentDiscountUnit-C-009-M", "MUST")
dyn("CommitmentDiscountUnit-C-010-C", "SHOULD")

# CommitmentDiscountCategory, CommitmentDiscountType
column("CommitmentDiscountCategory", "C", ["001-M", "002-C", "005-M"], CD)
typ("CommitmentDiscountCategory-C-001-M", "TypeString")
comp("CommitmentDiscountCategory-C-002-C", "MUST", ["CommitmentDiscountCategory-C-003-C", "CommitmentDiscountCategory-C-004-C"])
isnull("CommitmentDiscountCategory-C-003-C", cond=cv("CommitmentDiscountId", None))
notnull("CommitmentDiscountCategory-C-004-C", cond=cnv("CommitmentDiscountId", None))
val("CommitmentDiscountCategory-C-005-M", "MUST", allowed("CommitmentDiscountCategory", ["Spend", "Usage"]))
column("CommitmentDiscountType", "C", ["001-M", "002-M", "003-C"], CD)
string_col("CommitmentDiscountType")
comp("CommitmentDiscountType-C-003-C", "MUST", ["CommitmentDiscountType-C-004-C", "CommitmentDiscountType-C-005-C"])
isnull("CommitmentDiscountType-C-004-C", cond=cv("CommitmentDiscountId", None))
notnull("CommitmentDiscountType-C-005-C", cond=cnv("CommitmentDiscountId", None))

# CommitmentDiscountQuantity
column("CommitmentDiscountQuantity", "C", ["001-M", "002-M", "003-C", "004-C", "008-C"], CD)
typ("CommitmentDiscountQuantity-C-001-M", "TypeDecimal")
fmt("CommitmentDiscountQuantity-C-002-M", "FormatNumeric")
comp("CommitmentDiscountQuantity-C-003-C", "MUST", ["CommitmentDiscountQuantity-C-004-C", "CommitmentDiscountQuantity-C-007-C"])
comp("CommitmentDiscountQuantity-C-004-C", "MUST", ["CommitmentDiscountQuantity-C-005-C", "CommitmentDiscountQuantity-C-006-C"], cond=AND(USAGE_OR_PURCHASE, cnv("CommitmentDiscountId", None)))
notnull("CommitmentDiscountQuantity-C-005-C", cond=cnv("ChargeClass", "Correction"))
isnull("CommitmentDiscountQuantity-C-006-C", "MAY", cond=cv("ChargeClass", "Correction"))
isnull("CommitmentDiscountQuantity-C-007-C", cond=OR(AND(cnv("ChargeCategory", "Usage"), cnv("ChargeCategory", "Purchase")), cv("CommitmentDiscountId", None), cv("ChargeClass", "Correction")))
comp("CommitmentDiscountQuantity-C-008-C", "MUST", ["CommitmentDiscountQuantity-C-009-M", "CommitmentDiscountQuantity-C-010-C", "CommitmentDiscountQuantity-C-013-C"])
dyn("CommitmentDiscountQuantity-C-009-M", "MUST")
comp("CommitmentDiscountQuantity-C-010-C", "MUST", ["CommitmentDiscountQuantity-C-011-C", "CommitmentDiscountQuantity-C-012-C"], cond=cv("ChargeCategory", None))
dyn("CommitmentDiscountQuantity-C-011-C", "MUST", cond=cv("ChargeFrequency", "One-Time"))
dyn("CommitmentDiscountQuantity-C-012-C", "MUST", cond=cv("ChargeFrequency", "Recurring"))
comp("CommitmentDiscountQuantity-C-013-C", "MUST", ["CommitmentDiscountQuantity-C-014-C", "CommitmentDiscountQuantity-C-015-C"], cond=cv("ChargeCategory", "Usage"))
dyn("CommitmentDiscountQuantity-C-014-C", "MUST", cond=AND(cv("ChargeCategory", "Usage"), cv("CommitmentDiscountStatus", "Used")))
dyn("CommitmentDiscountQuantity-C-015-C", "MUST", cond=AND(cv("ChargeCategory", "Usage"), cv("CommitmentDiscountStatus", "Unused")))

# ServiceName
column("ServiceName", "M", ["001-M", "002-M", "003-M", "004-C", "007-C"])
string_col("ServiceName")
notnull("ServiceName-C-003-M")
comp("ServiceName-C-004-C", "MUST", ["ServiceName-C-005-C", "ServiceName-C-006-C"])
val("ServiceName-C-005-C", "MUST", {"CheckFunction": "CheckDistinctCount", "ColumnAName": "ServiceName", "ColumnBName": "ServiceCategory", "ExpectedCount": 1})
dyn("ServiceName-C-006-C", "MUST")
comp("ServiceName-C-007-C", "SHOULD", ["ServiceName-C-008-C", "ServiceName-C-009-C"])
val("ServiceName-C-008-C", "SHOULD", {"CheckFunction": "CheckDistinctCount", "ColumnAName": "ServiceName", "ColumnBName": "ServiceSubcategory", "ExpectedCount": 1})
dyn("ServiceName-C-009-C", "SHOULD")

# CommitmentDiscountStatus (as the model has it; see README.md for its defects)
column("CommitmentDiscountStatus", "C", ["001-M", "002-C", "005-M"], CD)
typ("CommitmentDiscountStatus-C-001-M", "TypeString")
comp("CommitmentDiscountStatus-C-002-C", "MUST", ["CommitmentDiscountStatus-C-003-C", "CommitmentDiscountStatus-C-004-C"])
null("CommitmentDiscountStatus-C-003-C", "MUST", cnv("CommitmentDiscountStatus", None), cv("CommitmentDiscountId", None))
null("CommitmentDiscountStatus-C-004-C", "MUST NOT", cnv("CommitmentDiscountStatus", None), cv("CommitmentDiscountId", None))
val("CommitmentDiscountStatus-C-005-M", "MUST", allowed("CommitmentDiscountStatus", ["Active", "Expired", "Pending"]))

# RegionId, RegionName
column("RegionId", "C", ["001-M", "002-M", "003-C"], ["REGION_SUPPORTED"])
string_col("RegionId")
comp("RegionId-C-003-C", "MUST", ["RegionId-C-004-C", "RegionId-C-005-C"])
dyn("RegionId-C-004-C", "MUST NOT", "Nullability")
dyn("RegionId-C-005-C", "MAY", "Nullability")
column("RegionName", "C", ["001-M", "002-M", "003-C"], ["REGION_SUPPORTED"])
string_col("RegionName")
comp("RegionName-C-003-C", "MUST", ["RegionName-C-004-C", "RegionName-C-005-C"])
isnull("RegionName-C-004-C", cond=cv("RegionId", None))
notnull("RegionName-C-005-C", cond=cnv("RegionId", None))

# PricingUnit
column("PricingUnit", "M", ["001-M", "002-M", "003-O", "004-C", "007-C"])
string_col("PricingUnit")
fmt("PricingUnit-C-003-O", "FormatUnit", "SHOULD")
comp("PricingUnit-C-004-C", "MUST", ["PricingUnit-C-005-C", "PricingUnit-C-006-C"])
isnull("PricingUnit-C-005-C", cond=cv("PricingQuantity", None))
notnull("PricingUnit-C-006-C", cond=cnv("PricingQuantity", None))
comp("PricingUnit-C-007-C", "MUST", ["PricingUnit-C-008-M", "PricingUnit-C-009-C"], cond=cnv("PricingUnit", None))
dyn("PricingUnit-C-008-M", "MUST")
dyn("PricingUnit-C-009-C", "MUST")

# BillingCurrency
column("BillingCurrency", "M", ["%03d-M" % i for i in range(1, 7)])
string_col("BillingCurrency")
fmt("BillingCurrency-C-003-M", "FormatCurrency")
notnull("BillingCurrency-C-004-M")
dyn("BillingCurrency-C-005-M", "MUST")
val("BillingCurrency-C-006-M", "MUST", fn("CheckNationalCurrency", "BillingCurrency"))

# ServiceSubcategory
column("ServiceSubcategory", "O", ["001-M", "002-M", "003-M", "004-M"], kw="SHOULD")
typ("ServiceSubcategory-C-001-M", "TypeString")
notnull("ServiceSubcategory-C-002-M")
SUBCATEGORIES = [
    ("AI and Machine Learning", ["AI Platforms", "Bots", "Generative AI", "Machine Learning", "Natural Language Processing", "Other (AI and Machine Learning)"]),
    ("Analytics", ["Analytics Platforms", "Business Intelligence", "Data Processing", "Search", "Streaming Analytics", "Other (Analytics)"]),
    ("Business Applications", ["Productivity and Collaboration", "Other (Business Applications)"]),
    ("Compute", ["Containers", "End User Computing", "Quantum Compute", "Serverless Compute", "Virtual Machines", "Other (Compute)"]),
    ("Databases", ["Caching", "Data Warehouses", "Ledger Databases", "NoSQL Databases", "Relational Databases", "Time Series Databases", "Other (Databases)"]),
    ("Developer Tools", ["Developer Platforms", "Continuous Integration and Deployment", "Development Environments", "Source Code Management", "Quality Assurance", "Other (Developer Tools)"]),
    ("Identity", ["Identity and Access Management", "Other (Identity)"]),
    ("Integration", ["API Management", "Messaging", "Workflow Orchestration", "Other (Integration)"]),
    ("Internet of Things", ["IoT Analytics", "IoT Platforms", "Other (Internet of Things)"]),
    ("Management and Governance", ["Architecture", "Compliance", "Cost Management", "Data Governance", "Disaster Recovery", "Endpoint Management", "Observability", "Support", "Other (Management and Governance)"]),
    ("Media", ["Content Creation", "Gaming", "Media Streaming", "Mixed Reality", "Other (Media)"]),
    ("Migration", ["Data Migration", "Resource Migration", "Other (Migration)"]),
    ("Mobile", ["Other (Mobile)"]),
    ("Multicloud", ["Multicloud Integration", "Other (Multicloud)"]),
    ("Networking", ["Application Networking", "Content Delivery", "Network Connectivity", "Network Infrastructure", "Network Routing", "Network Security", "Other (Networking)"]),
    ("Security", ["Secret Management", "Security Posture Management", "Threat Detection and Response", "Other (Security)"]),
    ("Storage", ["Backup Storage", "Block Storage", "File Storage", "Object Storage", "Storage Platforms", "Other (Storage)"]),
    ("Web", ["Application Platforms", "Other (Web)"]),
    ("Other", ["Other (Other)"]),
]
val("ServiceSubcategory-C-003-M", "MUST", allowed("ServiceSubcategory", [s for _, subs in SUBCATEGORIES for s in subs]))
val("ServiceSubcategory-C-004-M", "MUST", OR(*[AND(cv("ServiceSubcategory", s), cv("ServiceCategory", c)) for c, subs in SUBCATEGORIES for s in subs]))

# EffectiveCost
column("EffectiveCost", "M", ["001-M", "002-M", "003-M", "004-M", "005-C", "006-M", "007-O", "008-C", "011-C"])
typ("EffectiveCost-C-001-M", "TypeDecimal")
fmt("EffectiveCost-C-002-M", "FormatNumeric")
notnull("EffectiveCost-C-003-M")
val("EffectiveCost-C-004-M", "MUST", cnv("EffectiveCost", None))
val("EffectiveCost-C-005-C", "MUST", cv("EffectiveCost", 0), cv("ChargeCategory", "Purchase"))
dyn("EffectiveCost-C-006-M", "MUST")
dyn("EffectiveCost-C-007-O", "MAY")
comp("EffectiveCost-C-008-C", "MUST", ["EffectiveCost-C-009-C", "EffectiveCost-C-010-C"], cond=AND(cnv("ChargeCategory", "Usage"), cnv("ChargeCategory", "Purchase")))
dyn("EffectiveCost-C-009-C", "MUST")
dyn("EffectiveCost-C-010-C", "MUST")
comp("EffectiveCost-C-011-C", "MUST", ["EffectiveCost-C-012-C", "EffectiveCost-C-013-C"], cond=cnv("CommitmentDiscountId", None))
dyn("EffectiveCost-C-012-C", "MUST", cond=AND(cv("ChargeCategory", "Usage"), cnv("CommitmentDiscountId", None)))
dyn("EffectiveCost-C-013-C", "MUST", cond=AND(cv("ChargeCategory", "Usage"), cnv("CommitmentDiscountId", None)))

# BilledCost
column("BilledCost", "M", ["001-M", "002-M", "003-M", "004-M", "005-C", "006-M", "007-M"])
typ("BilledCost-C-001-M", "TypeDecimal")
fmt("BilledCost-C-002-M", "FormatNumeric")
notnull("BilledCost-C-003-M")
val("BilledCost-C-004-M", "MUST", fn("CheckDecimalValue", "BilledCost"))
val("BilledCost-C-005-C", "MUST", cv("BilledCost", 0), {"CheckFunction": "CheckNotSameValue", "ColumnAName": "ProviderName", "ColumnBName": "InvoiceIssuerName"})
dyn("BilledCost-C-006-M", "MUST")
dyn("BilledCost-C-007-M", "MUST")

# ChargeClass
column("ChargeClass", "M", ["001-M", "002-C", "005-C"])
typ("ChargeClass-C-001-M", "TypeString")
comp("ChargeClass-C-002-C", "MUST", ["ChargeClass-C-003-C", "ChargeClass-C-004-C"])
dyn("ChargeClass-C-003-C", "MUST", "Nullability")
dyn("ChargeClass-C-004-C", "MUST NOT", "Nullability")
val("ChargeClass-C-005-C", "MUST", cv("ChargeClass", "Correction"), cnv("ChargeClass", None))

# CapacityReservationId
column("CapacityReservationId", "C", ["001-M", "002-M", "003-C", "007-C"], ["CAPACITY_RESERVATION_SUPPORTED"])
string_col("CapacityReservationId")
comp("CapacityReservationId-C-003-C", "MUST", ["CapacityReservationId-C-004-C", "CapacityReservationId-C-005-C", "CapacityReservationId-C-006-C"])
dyn("CapacityReservationId-C-004-C", "MUST", "Nullability")
notnull("CapacityReservationId-C-005-C", cond=cv("CapacityReservationStatus", "Unused"))
dyn("CapacityReservationId-C-006-C", "SHOULD NOT", "Nullability")
comp("CapacityReservationId-C-007-C", "MUST", ["CapacityReservationId-C-008-M", "CapacityReservationId-C-009-O"], cond=cnv("CapacityReservationId", None))
dyn("CapacityReservationId-C-008-M", "MUST")
dyn("CapacityReservationId-C-009-O", "SHOULD")

# Tags
column("Tags", "C", ["001-M", "002-O", "003-C", "011-M", "014-M"], ["TAGGING_SUPPORTED"])
fmt("Tags-C-001-M", "FormatKeyValue")
isnull("Tags-C-002-O", "MAY")
comp("Tags-C-003-C", "MUST", ["Tags-C-" + k for k in ["004-M", "005-M", "006-M", "007-O", "008-M", "009-M", "010-C"]], cond=cv("Tags", None))
for k, kw, f in [("004-M", "MUST", "Validation"), ("005-M", "MUST", "Validation"), ("006-M", "SHOULD", "Validation"),
                 ("007-O", "MAY", "Nullability"), ("008-M", "MUST", "Validation"), ("009-M", "SHOULD", "Validation"),
                 ("010-C", "MUST NOT", "Validation"), ("012-M", "MUST", "Validation"), ("013-M", "SHOULD", "Validation"),
                 ("015-C", "MUST", "Validation"), ("016-C", "MUST NOT", "Validation"), ("017-M", "MUST NOT", "Validation")]:
    dyn("Tags-C-" + k, kw, f)
comp("Tags-C-011-M", "MUST", ["Tags-C-012-M", "Tags-C-013-M"])
comp("Tags-C-014-M", "MUST", ["Tags-C-015-C", "Tags-C-016-C", "Tags-C-017-M"])

# SubAccountName, SubAccountId
column("SubAccountName", "C", ["001-M", "002-M", "003-C"], ["SUB_ACCOUNT_SUPPORTED"])
string_col("SubAccountName")
comp("SubAccountName-C-003-C", "MUST", ["SubAccountName-C-004-C", "SubAccountName-C-005-C"])
isnull("SubAccountName-C-004-C", cond=cv("SubAccountId", None))
notnull("SubAccountName-C-005-C", cond=cnv("SubAccountId", None))
column("SubAccountId", "C", ["001-M", "002-M", "003-C"], ["SUB_ACCOUNT_SUPPORTED"])
string_col("SubAccountId")
comp("SubAccountId-C-003-C", "MUST", ["SubAccountId-C-004-C", "SubAccountId-C-005-C"])
dyn("SubAccountId-C-004-C", "MUST", "Nullability")
dyn("SubAccountId-C-005-C", "MUST NOT", "Nullability")

# ResourceName
column("ResourceName", "C", ["001-M", "002-M", "003-C", "006-C"], ["BILLING_BASED_ON_PROVISIONED_RESOURCES_SUPPORTED", "RESOURCE_TYPE_ASSIGNMENT_SUPPORTED"])
string_col("ResourceName")
comp("ResourceName-C-003-C", "MUST", ["ResourceName-C-004-C", "ResourceName-C-005-C"])
dyn("ResourceName-C-004-C", "MUST", "Nullability", cond=cv("ResourceId", None))
dyn("ResourceName-C-005-C", "MUST NOT", "Nullability", cond=cv("ResourceId", None))
dyn("ResourceName-C-006-C", "MUST NOT")

# ContractedUnitPrice
column("ContractedUnitPrice", "C", ["001-M", "004-M", "008-C", "012-C"], ["NEGOTIATED_PRICING_SUPPORTED"])
comp("ContractedUnitPrice-C-001-M", "MUST", ["ContractedUnitPrice-C-002-M", "ContractedUnitPrice-C-003-M"])
typ("ContractedUnitPrice-C-002-M", "TypeDecimal")
fmt("ContractedUnitPrice-C-003-M", "FormatNumeric")
comp("ContractedUnitPrice-C-004-M", "MUST", ["ContractedUnitPrice-C-005-C", "ContractedUnitPrice-C-006-C", "ContractedUnitPrice-C-007-O"])
isnull("ContractedUnitPrice-C-005-C", cond=TAX)
notnull("ContractedUnitPrice-C-006-C", cond=UP_NOT_CORRECTION)
dyn("ContractedUnitPrice-C-007-O", "MAY", "Nullability")
comp("ContractedUnitPrice-C-008-C", "MUST", ["ContractedUnitPrice-C-009-C", "ContractedUnitPrice-C-010-C", "ContractedUnitPrice-C-011-C"], cond=cnv("ContractedUnitPrice", None))
val("ContractedUnitPrice-C-009-C", "MUST", fn("CheckGreaterOrEqualThanValue", "ContractedUnitPrice", Value=0), cnv("ContractedUnitPrice", None))
dyn("ContractedUnitPrice-C-010-C", "MUST", cond=cnv("ContractedUnitPrice", None))
val("ContractedUnitPrice-C-011-C", "MUST", {"CheckFunction": "ColumnByColumnEqualsColumnValue", "ColumnAName": "ContractedUnitPrice",
    "ColumnBName": "PricingQuantity", "ResultColumnName": "ContractedCost"},
    AND(cnv("ContractedUnitPrice", None), cnv("PricingQuantity", None), cnv("ChargeClass", "Correction")))
dyn("ContractedUnitPrice-C-012-C", "MAY", cond=cv("ChargeClass", "Correction"))

# CapacityReservationStatus (its two nullability conditions are malformed in the model; kept as they are)
column("CapacityReservationStatus", "C", ["001-M", "002-C", "005-C"], ["CAPACITY_RESERVATION_SUPPORTED"])
typ("CapacityReservationStatus-C-001-M", "TypeString")
comp("CapacityReservationStatus-C-002-C", "MUST", ["CapacityReservationStatus-C-003-C", "CapacityReservationStatus-C-004-C"])
null("CapacityReservationStatus-C-003-C", "MUST", cv("CapacityReservationStatus", None), {"AND": cv("CapacityReservationId", None)})
null("CapacityReservationStatus-C-004-C", "MUST NOT", cnv("CapacityReservationStatus", None), {"AND": [cnv("CapacityReservationId", None), cv("ChargeCategory", "Usage")]})
comp("CapacityReservationStatus-C-005-C", "MUST", ["CapacityReservationStatus-C-006-M", "CapacityReservationStatus-C-007-C", "CapacityReservationStatus-C-008-C"], cond=cnv("CapacityReservationStatus", None))
val("CapacityReservationStatus-C-006-M", "MUST", allowed("CapacityReservationStatus", ["Used", "Unused"]))
dyn("CapacityReservationStatus-C-007-C", "MUST")
dyn("CapacityReservationStatus-C-008-C", "MUST")

# ContractedCost, ListCost
for col, price in [("ContractedCost", "ContractedUnitPrice"), ("ListCost", "ListUnitPrice")]:
    column(col, "M", ["001-M", "002-M", "003-M", "004-M", "005-M", "006-C", "009-C", "010-C"])
    typ(f"{col}-C-001-M", "TypeDecimal")
    fmt(f"{col}-C-002-M", "FormatNumeric")
    notnull(f"{col}-C-003-M")
    val(f"{col}-C-004-M", "MUST", cnv(col, None))
    dyn(f"{col}-C-005-M", "MUST")
    comp(f"{col}-C-006-C", "MUST", [f"{col}-C-007-C", f"{col}-C-008-C"], cond=cv(price, None))
    dyn(f"{col}-C-007-C", "MUST")
    dyn(f"{col}-C-008-C", "MUST")
    product_cond = AND(cnv(price, None), cnv("PricingQuantity", None), cnv("ChargeClass", "Correction"))
    if col == "ContractedCost":
        dyn(f"{col}-C-009-C", "MUST", cond=product_cond)
        dyn(f"{col}-C-010-C", "MAY", cond=cv("ChargeClass", "Correction"))
    else:
        val(f"{col}-C-009-C", "MUST", {"CheckFunction": "ColumnByColumnEqualsColumnValue", "ColumnAName": price,
            "ColumnBName": "PricingQuantity", "ResultColumnName": col}, product_cond)
        dyn(f"{col}-C-010-C", "MAY")

criteria = ["ACCOUNT_NAMING_SUPPORTED", "AVAILABILITY_ZONE_SUPPORTED", "CAPACITY_RESERVATION_SUPPORTED",
            "COMMITMENT_DISCOUNT_SUPPORTED", "MULTIPLE_PRICING_CATEGORIES_SUPPORTED",
            "MULTIPLE_SUB_ACCOUNT_TYPES_SUPPORTED", "MULTIPLE_BILLING_ACCOUNT_TYPES_SUPPORTED",
            "NEGOTIATED_PRICING_SUPPORTED", "PUBLIC_PRICE_LIST_SUPPORTED", "USAGE_MEASUREMENT_SUPPORTED",
            "UNIT_PRICING_SUPPORTED", "SUB_ACCOUNT_SUPPORTED", "BILLING_BASED_ON_PROVISIONED_RESOURCES_SUPPORTED",
            "RESOURCE_TYPE_ASSIGNMENT_SUPPORTED", "PRICING_BILLING_CURRENCY_DIFFERENCES_SUPPORTED",
            "VIRTUAL_CURRENCY_SUPPORTED", "REGION_SUPPORTED", "TAGGING_SUPPORTED"]

# Every rule a composite names exists.
for rid, r in rules.items():
    def walk(n):
        if n.get("CheckFunction") == "CheckModelRule":
            assert n["ModelRuleId"] in rules, (rid, n["ModelRuleId"])
        for i in n.get("Items", []):
            walk(i)
    walk(r["ValidationCriteria"]["Requirement"])

print(json.dumps({
    "Details": {"ModelVersion": "1.2", "FOCUSVersion": "1.2",
                "x_Source": "finopsfoundation/focus_validator focus_validator/rules/model-1.2.json at commit 4cbf47300739ea4faaeef765f0a242c20e2aa658 (MIT licence); an extract, see README.md"},
    "ApplicabilityCriteria": {c: {} for c in criteria},
    "ModelDatasets": {"CostAndUsage": {"ModelRules": ["CostAndUsage-D-000-M"]}},
    "ModelRules": rules,
}, indent=1))
