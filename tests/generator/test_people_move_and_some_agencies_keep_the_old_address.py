from collections import defaultdict


def test_some_people_are_recorded_at_two_addresses(population) -> None:
    records, expected = population
    index = {(r["agency"], r["record_id"]): r for r in records}
    addresses: dict[str, set[str]] = defaultdict(set)
    for label, mentions in expected["people"].items():
        for agency, record_id, ref in mentions:
            subject = next(s for s in index[(agency, record_id)]["subjects"] if s["ref"] == ref)
            if "address" in subject and not subject["address"].startswith("Confidential"):
                addresses[label].add(subject["address"])
    movers = [label for label, seen in addresses.items() if len(seen) > 1]
    assert len(movers) >= len(addresses) / 10


def test_after_a_move_the_gp_sometimes_still_holds_the_old_address(population) -> None:
    records, expected = population
    index = {(r["agency"], r["record_id"]): r for r in records}
    stale = 0
    for mentions in expected["people"].values():
        timeline = []
        for agency, record_id, ref in mentions:
            record = index[(agency, record_id)]
            subject = next(s for s in record["subjects"] if s["ref"] == ref)
            if "address" in subject:
                timeline.append((record["recorded"], agency, subject["address"]))
        timeline.sort()
        police_or_housing = [t for t in timeline if t[1] in ("housing", "housing_provider", "police")]
        if not police_or_housing:
            continue
        latest = police_or_housing[-1]
        stale += any(t[1] == "gp" and t[0] > latest[0] and t[2] != latest[2] for t in timeline)
    assert stale > 0
