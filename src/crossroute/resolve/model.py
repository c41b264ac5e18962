"""The person-matching model: Splink comparisons and blocking rules over `features.py`'s columns.

Each comparison's levels go from the strongest agreement to disagreement; Splink learns a match weight
for every level from the workspace's own data (no labels). SQL is DuckDB's dialect; Splink renders it
for Spark too.
"""

from __future__ import annotations

from typing import Any

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator, block_on
from splink.internals.blocking_rule_creator import BlockingRuleCreator

from crossroute.resolve.features import SOURCE, UNIQUE_ID

_SHORTER = "least(len(skeletons_l), len(skeletons_r))"


def _with_mu(levels: list[Any], m_values: list[float], u_values: list[float]) -> list[Any]:
    """Informed starting m and u probabilities for the non-null levels (m: how often true matches reach
    the level; u: how often random pairs do). Training refines them where the workspace has enough
    records; they keep a small workspace's model sensible where it has not."""
    configured = [
        level.configure(m_probability=m, u_probability=u)
        for level, m, u in zip(levels[1:], m_values, u_values, strict=True)
    ]
    return [levels[0], *configured]


_SHARED_PARTS = "len(list_intersect(skeletons_l, skeletons_r))"


def _by_frequency(level: Any, column: str, frequencies: bool) -> Any:
    """The level weighed by how common the pair's value of `column` is in the workspace (Splink's
    term-frequency adjustment), if `frequencies`: a workspace too small to train on is too small to
    say which values are common."""
    if not frequencies:
        return level
    return level.configure(tf_adjustment_column=column, tf_adjustment_weight=1.0)


def plain_name_comparison(frequencies: bool = True) -> cl.CustomComparison:
    """Names without name knowledge: exact, near spelling, else (for ablations: what knowledge buys)."""
    return cl.CustomComparison(
        output_column_name="name",
        comparison_levels=_with_mu(
            [
                cll.NullLevel("name_sorted"),
                _by_frequency(cll.ExactMatchLevel("name_sorted"), "name_sorted", frequencies),
                cll.CustomLevel(
                    "jaro_winkler_similarity(name_sorted_l, name_sorted_r) >= 0.92", "near spelling"
                ),
                cll.ElseLevel(),
            ],
            [0.5, 0.2, 0.3],
            [0.001, 0.003, 0.996],
        ),
    )


def name_comparison(frequencies: bool = True) -> cl.CustomComparison:
    """Names across scripts and spellings: exact, same skeleton, every part of the shorter name, near
    spelling, two shared parts, one shared part, a part one keying slip apart. The first three weigh less for common names (the
    skeleton levels by the frequency of the skeletons; for a shorter name's, the commoner)."""
    return cl.CustomComparison(
        output_column_name="name",
        comparison_levels=_with_mu(
            [
                cll.NullLevel("name_sorted"),
                _by_frequency(cll.ExactMatchLevel("name_sorted"), "name_sorted", frequencies),
                # a skeleton many names share (Hassan Mohammed's) says less than a rare one
                _by_frequency(
                    cll.CustomLevel("skeleton_key_l = skeleton_key_r", "same name, other spelling"),
                    "skeleton_key",
                    frequencies,
                ),
                _by_frequency(
                    cll.CustomLevel(
                        f"{_SHORTER} >= 2 AND {_SHARED_PARTS} >= {_SHORTER}",
                        "every part of the shorter name",
                    ),
                    "skeleton_key",
                    frequencies,
                ),
                cll.CustomLevel(
                    "jaro_winkler_similarity(name_sorted_l, name_sorted_r) >= 0.92", "near spelling"
                ),
                cll.CustomLevel(
                    f"{_SHARED_PARTS} >= 2",
                    "two shared parts",
                ),
                cll.CustomLevel(f"{_SHARED_PARTS} >= 1", "one shared part"),
                cll.CustomLevel(
                    "len(list_intersect(part_slips_l, part_slips_r)) >= 1",
                    "a part one slip apart",
                ),
                cll.ElseLevel(),
            ],
            [0.5, 0.15, 0.1, 0.08, 0.07, 0.05, 0.02, 0.03],
            [0.001, 0.0005, 0.001, 0.002, 0.005, 0.05, 0.005, 0.9355],
        ),
    )


def birth_date_comparison() -> cl.CustomComparison:
    """Dates of birth as they come: 1 January defaults weigh less than real dates; day/month swaps,
    a year off by one and one-character typos are near agreements."""
    full = "dob_full_l IS NOT NULL AND dob_full_r IS NOT NULL"
    return cl.CustomComparison(
        output_column_name="birth_date",
        comparison_levels=_with_mu(
            [
                cll.NullLevel("birth_date"),
                cll.CustomLevel("dob_full_l = dob_full_r AND NOT dob_default_l", "same date"),
                cll.CustomLevel("birth_date_l = birth_date_r", "same 1 January or partial date"),
                cll.CustomLevel(
                    f"{full} AND substr(dob_full_l, 1, 4) = substr(dob_full_r, 1, 4) "
                    "AND substr(dob_full_l, 6, 2) = substr(dob_full_r, 9, 2) "
                    "AND substr(dob_full_l, 9, 2) = substr(dob_full_r, 6, 2)",
                    "day and month swapped",
                ),
                cll.CustomLevel(
                    f"{full} AND NOT dob_default_l AND NOT dob_default_r "
                    "AND ((substr(dob_full_l, 6, 5) = substr(dob_full_r, 6, 5) "
                    "AND abs(CAST(dob_year_l AS INT) - CAST(dob_year_r AS INT)) = 1) "
                    "OR damerau_levenshtein(dob_full_l, dob_full_r) <= 1)",
                    "year off by one or one typo",
                ),
                cll.CustomLevel(
                    "dob_year_l = dob_year_r AND (dob_full_l IS NULL OR dob_full_r IS NULL "
                    "OR dob_default_l OR dob_default_r)",
                    "same year, one date partial or a default",
                ),
                cll.ElseLevel(),
            ],
            [0.6, 0.12, 0.04, 0.06, 0.08, 0.1],
            [0.0005, 0.005, 0.0002, 0.0005, 0.02, 0.9738],
        ),
    )


def document_comparison() -> cl.CustomComparison:
    """Document numbers with OCR slips (O/0, I/1, S/5, B/8) folded into the key."""
    return cl.CustomComparison(
        output_column_name="document",
        comparison_levels=_with_mu(
            [
                cll.NullLevel("document_key"),
                cll.ExactMatchLevel("document_key"),
                cll.CustomLevel(
                    "damerau_levenshtein(document_key_l, document_key_r) <= 1", "one slip apart"
                ),
                cll.ElseLevel(),
            ],
            [0.85, 0.05, 0.1],
            [0.0001, 0.0005, 0.9994],
        ),
    )


def address_comparison(frequencies: bool = True) -> cl.CustomComparison:
    """Where a person was recorded living: the same address (common ones such as a camp weigh less,
    by term frequency), a near spelling of it, the same town, else. Evidence only: families and cells
    share addresses, so an address never merges two persons on its own (see `runner.weak_identity`)."""
    missing = "(address_key_l IS NULL OR address_key_r IS NULL) AND (city_key_l IS NULL OR city_key_r IS NULL)"
    return cl.CustomComparison(
        output_column_name="address",
        comparison_levels=_with_mu(
            [
                cll.CustomLevel(missing, "no address on one side").configure(is_null_level=True),
                _by_frequency(cll.ExactMatchLevel("address_key"), "address_key", frequencies),
                cll.CustomLevel(
                    "jaro_winkler_similarity(address_key_l, address_key_r) >= 0.9", "near spelling"
                ),
                cll.CustomLevel("city_key_l = city_key_r", "same town"),
                cll.ElseLevel(),
            ],
            [0.5, 0.15, 0.15, 0.2],
            [0.001, 0.002, 0.05, 0.947],
        ),
    )


def exact(
    column: str, m_agree: float, u_agree: float, *, by_frequency: bool = False
) -> cl.CustomComparison:
    """Agree or not, with the share of true matches (m) and of random pairs (u) that agree;
    `by_frequency`: a value many records hold weighs less (term-frequency adjusted)."""
    levels = [
        cll.NullLevel(column),
        _by_frequency(cll.ExactMatchLevel(column), column, by_frequency),
        cll.ElseLevel(),
    ]
    return cl.CustomComparison(
        output_column_name=column,
        comparison_levels=_with_mu(levels, [m_agree, 1 - m_agree], [u_agree, 1 - u_agree]),
    )


# A phone that is not a valid number, the same as written on both records (its digits): weak evidence,
# fixed at this many bits, never trained. Two records carrying the same mistyped number were most
# likely copied from one another, but the number reaches no one and a family's or a cell's records
# are copied too; like any phone it is a contact detail, never identity evidence
# (`runner.identity_probability`, `runner.weak_identity`), so it never merges two records alone.
SAME_AS_WRITTEN = "same phone as written (not a valid number)"
AS_WRITTEN_BITS = 4.0
_AS_WRITTEN_M = 0.01


def phone_comparison(frequencies: bool = True) -> cl.CustomComparison:
    """Phones: the same number (a number a whole cell uses weighs less, by term frequency), the same
    digits as written where both records hold a phone that is not a valid number (weak, fixed
    weight), else. Two records that do not both hold a valid number and do not share an invalid
    one as written say nothing."""
    neither = (
        "(phone_l IS NULL OR phone_r IS NULL) AND (phone_written_l IS NULL "
        "OR phone_written_r IS NULL OR phone_written_l <> phone_written_r)"
    )
    as_written = cll.CustomLevel("phone_written_l = phone_written_r", SAME_AS_WRITTEN).configure(
        m_probability=_AS_WRITTEN_M,
        u_probability=_AS_WRITTEN_M / 2**AS_WRITTEN_BITS,
        fix_m_probability=True,
        fix_u_probability=True,
    )
    return cl.CustomComparison(
        output_column_name="phone",
        comparison_levels=[
            cll.CustomLevel(neither, "no phone to compare").configure(is_null_level=True),
            _by_frequency(cll.ExactMatchLevel("phone"), "phone", frequencies).configure(
                m_probability=0.5, u_probability=0.001
            ),
            as_written,
            cll.ElseLevel().configure(m_probability=0.5, u_probability=0.999),
        ],
    )


# Names that agree (the same skeletons, or every part of the shorter name in the longer), and the
# workspace shows that the name is held by different people (`features.name_has_namesakes`).
NAMES_AGREE = (
    f"(skeleton_key_l = skeleton_key_r OR ({_SHORTER} >= 2 AND {_SHARED_PARTS} >= {_SHORTER})) "
    "AND (namesakes_l OR namesakes_r)"
)
SAME_GIVEN_THE_NAME = "same, a name different people hold"


def given_the_name(column: str, m_agree: float, u_agree: float) -> cl.CustomComparison:
    """A field that depends on the name (sex, nationality): the same where names agree, the same,
    or not. Among pairs whose names agree, two different people agree on it far more often than
    random pairs do; after training, `linkage.with_namesakes` sets each level's weight to what the
    field adds given the name."""
    levels = [
        cll.NullLevel(column),
        cll.CustomLevel(f"{column}_l = {column}_r AND ({NAMES_AGREE})", SAME_GIVEN_THE_NAME),
        cll.ExactMatchLevel(column),
        cll.ElseLevel(),
    ]
    return cl.CustomComparison(
        output_column_name=column,
        comparison_levels=_with_mu(
            levels,
            [m_agree / 2, m_agree / 2, 1 - m_agree],
            [u_agree * 0.001, u_agree * 0.999, 1 - u_agree],
        ),
    )


BLOCKING_RULES: list[BlockingRuleCreator | dict[str, Any]] = [
    block_on("skeleton_key"),
    block_on("skeleton_first"),
    block_on("skeleton_last"),
    block_on("skeleton_ends"),
    block_on("document_key"),
    # a document number keyed with one slip: the keys are the number with each character left out
    block_on("document_slips", arrays_to_explode=["document_slips"]),
    block_on("phone"),
    block_on("phone_written"),
    block_on("email"),
    # real dates of birth only: a 1 January default is shared by thousands
    block_on("dob_real", "substr(name_sorted, 1, 1)"),
    # a name part (any one) and the date of birth, or an address few share; date of birth and town
    block_on("skeletons", "dob_real", arrays_to_explode=["skeletons"]),
    block_on("skeletons", "address_block", arrays_to_explode=["skeletons"]),
    block_on("dob_real", "city_key"),
]
# Pairs certain enough to estimate how likely two random records are the same person.
DETERMINISTIC_RULES: list[str | BlockingRuleCreator] = [
    block_on("document_key", "dob_full"),
    block_on("name_sorted", "dob_full"),
]
EM_TRAINING_BLOCKS = [block_on("dob_real"), block_on("skeleton_key")]


PLAIN_BLOCKING_RULES: list[BlockingRuleCreator | dict[str, Any]] = [
    block_on("name_sorted"),
    block_on("document_key"),
    block_on("phone"),
    block_on("email"),
    block_on("dob_full", "substr(name_sorted, 1, 1)"),
]


def settings(
    prior: float = 1e-4, *, name_knowledge: bool = True, frequencies: bool = True
) -> SettingsCreator:
    """Splink settings for linking and deduplicating persons across agencies; `prior` is the starting
    probability that two random records are the same person. Without `name_knowledge` (ablations only)
    names compare by spelling alone and block on exact names. Without `frequencies` no value weighs
    less for being common (for workspaces too small to train on)."""
    return SettingsCreator(
        probability_two_random_records_match=prior,
        link_type="link_and_dedupe",
        unique_id_column_name=UNIQUE_ID,
        source_dataset_column_name=SOURCE,
        comparisons=[
            name_comparison(frequencies) if name_knowledge else plain_name_comparison(frequencies),
            birth_date_comparison(),
            document_comparison(),
            address_comparison(frequencies),
            # a burner phone a whole cell uses says less than a phone of one person
            phone_comparison(frequencies),
            exact("email", 0.6, 0.0001, by_frequency=frequencies),
            # two people who share a name are mostly of one sex and nationality: given the name,
            # agreeing on them says less (see `linkage.with_namesakes`)
            given_the_name("sex", 0.97, 0.5),
            given_the_name("nationality", 0.9, 0.3),
        ],
        blocking_rules_to_generate_predictions=BLOCKING_RULES
        if name_knowledge
        else PLAIN_BLOCKING_RULES,
        retain_intermediate_calculation_columns=True,
        additional_columns_to_retain=["source", "record_id"],
    )


def describe() -> dict[str, Any]:
    """The model as data (for docs and the API)."""
    return settings().create_settings_dict("duckdb")


def compares_as_now(stored: dict[str, Any]) -> bool:
    """Whether a stored (trained) model has this version's comparisons and levels, in order. Levels
    are applied by position: a model trained before a level was added must be trained again."""
    return _levels(stored) == _levels(describe())


def _levels(model: dict[str, Any]) -> list[tuple[str, list[str]]]:
    return [
        (
            comparison.get("output_column_name", ""),
            [
                level.get("label_for_charts", "")
                for level in comparison.get("comparison_levels", [])
            ],
        )
        for comparison in model.get("comparisons", [])
    ]
