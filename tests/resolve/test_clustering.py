"""Clustering merges strongest pairs first and refuses contradictions."""

from __future__ import annotations

from crossroute.resolve.clustering import Facts, cluster, contradiction


def facts(document: str = "", birth: str = "", sex: str = "") -> Facts:
    return Facts({document} - {""}, {birth} - {""}, {sex} - {""})


def test_contradictions() -> None:
    assert contradiction(facts(sex="male"), facts(sex="female")) == "different sex"
    assert contradiction(facts("AB123456"), facts("XY987654")) == "different document numbers"
    assert contradiction(facts("AB123456"), facts("AB123457")) is None  # one slip
    assert contradiction(facts(birth="1990-04-03"), facts(birth="1990-03-04")) is None  # swap
    assert contradiction(facts(birth="1990-04-03"), facts(birth="1991-04-03")) is None  # year off
    assert (
        contradiction(facts(birth="1990-04-03"), facts(birth="1975-11-20"))
        == "incompatible dates of birth"
    )


def test_years_of_birth_apart_contradict_even_on_1_january_defaults() -> None:
    def years(*given: str) -> Facts:
        return Facts(birth_years=set(given))

    assert contradiction(years("1990"), years("1991")) is None  # a year off
    assert contradiction(years("1988"), years("1983")) is None  # one digit slipped
    assert contradiction(years("1990"), years("1975")) == "years of birth too far apart"
    assert contradiction(years("1990", "1975"), years("1976")) is None  # the cluster holds both


def test_a_chain_through_a_shared_value_is_cut_at_the_contradiction() -> None:
    records = ["a", "b", "c"]
    known = {
        "a": facts("AB123456", "1990-01-02"),
        "b": facts(),
        "c": facts("XY987654", "1990-01-02"),
    }
    pairs = [("a", "b", 0.99), ("b", "c", 0.95), ("a", "c", 0.2)]
    entity_of, refused = cluster(records, pairs, known, threshold=0.9)
    assert entity_of["a"] == entity_of["b"] != entity_of["c"]
    assert refused == {("b", "c"): "different document numbers"}


def test_entity_ids_are_stable() -> None:
    first, _ = cluster(["x", "y"], [("x", "y", 0.99)], {}, threshold=0.9)
    again, _ = cluster(["y", "x", "z"], [("y", "x", 0.97)], {}, threshold=0.9)
    assert first["x"] == again["x"] == again["y"]


def test_a_split_entity_gets_a_new_id_for_the_smaller_part() -> None:
    first, _ = cluster(["a", "b", "c"], [("a", "b", 0.99), ("b", "c", 0.98)], {}, threshold=0.5)
    split, _ = cluster(["a", "b", "c"], [("a", "b", 0.99)], {}, threshold=0.5, previous=first)
    assert split["a"] == split["b"] == first["a"]
    assert split["c"] != split["a"]


def test_a_pair_whose_own_records_disagree_merges_only_on_identity_evidence() -> None:
    known = {"a": facts(birth="1990-04-03"), "b": facts(birth="1975-11-20")}
    # Probable on names and document alone: the model weighed the dates and still says one person.
    merged, _ = cluster(["a", "b"], [("a", "b", 0.97, 0.8)], known, threshold=0.5)
    assert merged["a"] == merged["b"]
    # Probable only because the two share a phone: a contradiction stands.
    apart, refused = cluster(["a", "b"], [("a", "b", 0.97, 0.3)], known, threshold=0.5)
    assert apart["a"] != apart["b"]
    assert refused == {("a", "b"): "incompatible dates of birth"}
