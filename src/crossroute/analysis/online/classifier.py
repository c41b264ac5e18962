"""The advert classifier: character n-grams (hashed, TF-IDF weighted) of the normalised text, with phone
numbers and prices replaced by markers, into a logistic regression. Trained from the labelled posts at first
use (deterministic, about a second); scores whole batches at once."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
from sklearn.linear_model import LogisticRegression

from crossroute.analysis.online.labelled import LabelledPost, labelled_posts

THRESHOLD = 0.45  # chosen by grouped cross-validation (precision >= 0.9) and the held-out posts
PHONE_MARK = " ☎ "
PRICE_MARK = " ¤ "
_DIGITS = re.compile(r"\d+")
_LINK = re.compile(r"https?://\S+|www\.\S+")


def masked(text: str, phones: Sequence[tuple[int, int]], prices: Sequence[tuple[int, int]]) -> str:
    """The normalised text with phone and price spans replaced by markers, other digits by '0', lower
    case: what the classifier reads (a number's digits say nothing about an advert, its presence does)."""
    spans = sorted(
        [(s, e, PHONE_MARK) for s, e in phones] + [(s, e, PRICE_MARK) for s, e in prices]
    )
    parts: list[str] = []
    at = 0
    for start, end, mark in spans:
        if start < at:
            continue
        parts.append(text[at:start])
        parts.append(mark)
        at = end
    parts.append(text[at:])
    joined = _LINK.sub(" 🔗 ", "".join(parts))
    return _DIGITS.sub("0", joined).lower()


@dataclass(frozen=True)
class AdvertModel:
    vectoriser: HashingVectorizer
    tfidf: TfidfTransformer
    model: LogisticRegression

    def scores(self, texts: Sequence[str]) -> NDArray[np.float64]:
        """Probability each masked text is an advert."""
        if not texts:
            return np.zeros(0)
        features = self.tfidf.transform(self.vectoriser.transform(texts))
        return np.asarray(self.model.predict_proba(features)[:, 1], dtype=np.float64)


def vectoriser() -> HashingVectorizer:
    return HashingVectorizer(
        analyzer="char_wb", ngram_range=(2, 5), n_features=2**20, alternate_sign=False, norm=None
    )


def train(texts: Sequence[str], labels: Sequence[bool]) -> AdvertModel:
    """A model fitted on masked texts and their labels (deterministic)."""
    hashing = vectoriser()
    counts = hashing.transform(texts)
    tfidf = TfidfTransformer(sublinear_tf=True).fit(counts)
    model = LogisticRegression(C=100.0, class_weight="balanced", max_iter=2000, random_state=0)
    model.fit(tfidf.transform(counts), np.asarray(labels, dtype=bool))
    return AdvertModel(hashing, tfidf, model)


def masked_post(post: LabelledPost) -> str:
    from crossroute.analysis.online.extract import extract

    return extract(post.text, post.language).masked


@lru_cache(maxsize=1)
def default_model() -> AdvertModel:
    """The model trained on the shipped labelled posts (once per process)."""
    posts = labelled_posts()
    return train([masked_post(p) for p in posts], [p.is_ad for p in posts])
