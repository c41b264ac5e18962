"""Validation errors in plain words: which field, and what to type ('since: use a date, YYYY-MM-DD'),
instead of the validator's own terms."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

# the validator's error types -> what the person should do (ctx values fill the braces)
ADVICE = {
    "missing": "is required",
    "date_parsing": "use a date, YYYY-MM-DD",
    "date_from_datetime_parsing": "use a date, YYYY-MM-DD",
    "date_from_datetime_inexact": "use a date, YYYY-MM-DD",
    "date_type": "use a date, YYYY-MM-DD",
    "datetime_parsing": "use a date, YYYY-MM-DD, or a time, YYYY-MM-DDTHH:MM",
    "datetime_from_date_parsing": "use a date, YYYY-MM-DD, or a time, YYYY-MM-DDTHH:MM",
    "datetime_type": "use a date, YYYY-MM-DD, or a time, YYYY-MM-DDTHH:MM",
    "int_parsing": "use a whole number",
    "int_from_float": "use a whole number",
    "int_type": "use a whole number",
    "float_parsing": "use a number",
    "float_type": "use a number",
    "bool_parsing": "use true or false",
    "greater_than_equal": "must be at least {ge}",
    "greater_than": "must be more than {gt}",
    "less_than_equal": "must be at most {le}",
    "less_than": "must be less than {lt}",
    "string_too_short": "is too short (at least {min_length} characters)",
    "string_too_long": "is too long (at most {max_length} characters)",
    "too_short": "needs at least {min_length} items",
    "too_long": "takes at most {max_length} items",
    "literal_error": "choose one of {expected}",
    "enum": "choose one of {expected}",
    "string_pattern_mismatch": "is not in the expected form",
    "json_invalid": "is not valid JSON",
    "model_attributes_type": "must be a JSON object",
    "dict_type": "must be a JSON object",
    "list_type": "must be a list",
    "string_type": "must be text",
    "extra_forbidden": "is not a field this request takes",
}


def field_of(loc: Sequence[Any]) -> str:
    """The field a problem is about: the last name in its location (query.since -> since)."""
    names = [
        str(p) for p in loc if isinstance(p, str) and p not in ("query", "body", "path", "header")
    ]
    return names[-1] if names else "request"


def plain(problem: Mapping[str, Any]) -> tuple[str, str]:
    """(field, advice) for one validation problem."""
    advice = ADVICE.get(str(problem.get("type", "")))
    context = problem.get("ctx") or {}
    if advice is not None:
        try:
            advice = advice.format(**{k: str(v) for k, v in context.items()})
        except (KeyError, IndexError):
            advice = None
    if advice is None:
        advice = str(problem.get("msg", "is not valid")).removeprefix("Value error, ")
    return field_of(problem.get("loc", ())), advice
