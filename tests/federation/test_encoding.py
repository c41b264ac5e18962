"""Encodings: deterministic under one secret, unrelated under another, really hardened, and still
close for the spellings one person gets from officers of different languages."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from crossroute.federation import (
    Encoder,
    EncodingSpec,
    FederationSecret,
    PersonValues,
    dice,
    match_persons,
    publish_persons,
)
from crossroute.federation.hardening import balance, pack, unpack, xor_fold
from crossroute.federation.identifiers import IdentifierHasher
from crossroute.federation.tokens import birth_tokens, person_tokens

SECRET = FederationSecret(b"a federation secret of the test")
OTHER = FederationSecret(b"another federation's secret key")
PEOPLE = [
    PersonValues("Mohammed Hussein", "1990-05-17", "male"),
    PersonValues("Gëzim Çela", "1985-01-01", "male"),
    PersonValues("Shilan Rashid", None, "female"),
    PersonValues(None, "2001-02-03", None),
]


def name_dice(a: PersonValues, b: PersonValues, secret: FederationSecret = SECRET) -> float:
    encoder = Encoder(secret)
    words = encoder.spec.segment_words()["name"]
    filters = encoder.encode([a, b])
    return dice(filters[0, words], filters[1, words])


def test_one_secret_gives_the_same_encodings_every_time() -> None:
    first = Encoder(SECRET).encode(PEOPLE)
    again = Encoder(FederationSecret(b"a federation secret of the test")).encode(PEOPLE)
    assert first.shape == (len(PEOPLE), EncodingSpec().bits // 64)
    assert first.dtype == np.uint64
    assert np.array_equal(first, again)


def test_different_secrets_do_not_match() -> None:
    ours, theirs = Encoder(SECRET).encode(PEOPLE), Encoder(OTHER).encode(PEOPLE)
    for row in range(3):
        assert dice(ours[row], ours[row]) == 1.0
        assert dice(ours[row], theirs[row]) < 0.5


def test_a_secret_must_be_long_enough() -> None:
    with pytest.raises(ValueError, match="16 bytes"):
        FederationSecret(b"short")


def test_xor_folding_is_really_applied() -> None:
    spec = EncodingSpec()
    encoder = Encoder(SECRET, spec)
    plain = encoder.bloom(PEOPLE, "name")
    published = unpack(encoder.encode(PEOPLE)[:, spec.segment_words()["name"]])
    half = spec.name_bits // 2
    assert published.shape[1] == half
    assert np.array_equal(published, plain[:, :half] ^ plain[:, half:])
    assert not np.array_equal(published, plain[:, :half])
    unfolded = Encoder(SECRET, dataclasses.replace(spec, xor_folds=0))
    assert unfolded.encode(PEOPLE).shape[1] > encoder.encode(PEOPLE).shape[1]


def test_balancing_sets_exactly_half_the_bits_and_is_keyed() -> None:
    bits = np.random.default_rng(1).random((5, 128)) < 0.2
    balanced = balance(bits, b"key")
    assert balanced.shape == (5, 256)
    assert (balanced.sum(axis=1) == 128).all()
    assert not np.array_equal(balanced, balance(bits, b"another key"))
    spec = dataclasses.replace(EncodingSpec(), balanced=True)
    filters = Encoder(SECRET, spec).encode(PEOPLE)
    assert filters.shape[1] * 64 == spec.bits
    assert (np.bitwise_count(filters).sum(axis=1) == spec.bits // 2).all()


def test_folding_and_packing() -> None:
    bits = np.array([[1, 0, 1, 1] * 32], dtype=bool)
    assert xor_fold(bits).tolist() == [[False] * 64]
    assert np.array_equal(unpack(pack(bits)), bits)


def test_salting_by_year_of_birth_changes_the_name_bits() -> None:
    salted = Encoder(SECRET, dataclasses.replace(EncodingSpec(), salt="birth_year"))
    a = PersonValues("Mohammed Hussein", "1990-05-17", "male")
    b = PersonValues("Mohammed Hussein", "1991-05-17", "male")
    words = salted.spec.segment_words()["name"]
    filters = salted.encode([a, b])
    assert dice(filters[0, words], filters[1, words]) < 0.6
    assert name_dice(a, b) == 1.0


@pytest.mark.parametrize(
    ("written", "other"),
    [
        ("Mohammed Hussein", "Mohamed HUSSEIN"),
        ("Youssef Karimi", "Jusuf KARIMI"),
        ("Youssef Abdul Rahman", "Yusuf ABDULRAHMAN"),
        ("Gëzim Çela", "CELA Gezim"),
        ("Hossein Karimi", "Hüseyin Karimi"),
    ],
)
def test_transliteration_variants_score_high(written: str, other: str) -> None:
    a, b = PersonValues(written, "1990-05-17"), PersonValues(other, "1990-05-17")
    stranger = PersonValues("Shilan Rashid", "1990-05-17")
    assert name_dice(a, b) >= 0.6
    assert name_dice(a, stranger) < 0.5  # folded filters of strangers share ~40% of bits
    mine = publish_persons([("UK|1", a), ("UK|2", stranger)], SECRET, "UK").encodings
    theirs = publish_persons([("FR|1", b)], SECRET, "FR").encodings
    hits = match_persons(mine, theirs)
    assert [(hit.query, hit.reference) for hit in hits] == [
        (mine.references[0], theirs.references[0])
    ]
    assert hits[0].score >= 0.5


def test_birth_tokens_leave_out_the_1_january_default_and_ignore_day_month_order() -> None:
    assert birth_tokens("1985-01-01") == {"year": ["1985"], "decade": ["198"]}
    assert birth_tokens("1990-05-17")["daymonth"] == birth_tokens("1990-17-05")["daymonth"]
    assert person_tokens(PersonValues(None, None, None)) == {}


def test_identifier_digests_are_keyed_and_fold_ocr_slips() -> None:
    ours, theirs = IdentifierHasher(SECRET), IdentifierHasher(OTHER)
    assert ours.digest("phone", "+447700900123") == ours.digest("phone", "+447700900123")
    assert ours.digest("phone", "+447700900123") != theirs.digest("phone", "+447700900123")
    assert ours.digest("document", "AB0I23") == ours.digest("document", "A80123")
    assert ours.digest("phone", "+447700900123") != ours.digest("iban", "+447700900123")
    assert "447700900123" not in ours.digest("phone", "+447700900123")


def test_a_spec_survives_json() -> None:
    spec = dataclasses.replace(EncodingSpec(), name_bits=1024, salt="birth_year")
    assert EncodingSpec.from_json(spec.to_json()) == spec
    with pytest.raises(ValueError, match="unknown fields"):
        EncodingSpec(hashes={"shoe_size": 3})
