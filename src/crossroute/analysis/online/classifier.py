"""The advert classifier: character n-grams (hashed, TF-IDF weighted) of the normalised text, with phone
numbers and prices replaced by markers, into a logistic regression. Optionally (measured, not shipped) word
1-2-grams and a few interpretable cues (a phone, a price, a link, a handle, a percentage, emoji, a question)
whose weights the regression learns. Trained from the labelled posts at first use, each punctuated one also
without its punctuation (deterministic, a few seconds); scores whole batches at once."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
from sklearn.linear_model import LogisticRegression

from crossroute.analysis.online.labelled import LabelledPost, labelled_posts

C = 10.0  # inverse regularisation: 10 beat 100 in grouped CV (docs/online.md)
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


_EMOJI = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf]")
CUES = ("phone", "price", "link", "handle", "percent", "emoji", "question")
CUE_WEIGHT = 0.5  # the cues' scale beside the unit-length n-gram blocks


def cues(texts: Sequence[str]) -> sp.csr_matrix:
    """Interpretable cues of each masked text, 0/1 (their weights are learned with the n-grams)."""
    rows = [
        (
            PHONE_MARK.strip() in text,
            PRICE_MARK.strip() in text,
            "🔗" in text,
            "@" in text,
            "%" in text or "٪" in text,
            _EMOJI.search(text) is not None,
            "?" in text or "؟" in text,
        )
        for text in texts
    ]
    return sp.csr_matrix(
        np.asarray(rows, dtype=np.float64).reshape(len(texts), len(CUES)) * CUE_WEIGHT
    )


@lru_cache(maxsize=1)
def _punctuation() -> dict[int, str]:
    """Every punctuation character of the Basic Multilingual Plane (Unicode category P*: , . ! ? ، ؟ ። ፣
    « » ...) mapped to a space."""
    return {code: " " for code in range(0x10000) if unicodedata.category(chr(code)).startswith("P")}


_SPACES = re.compile(r"\s+")


def unpunctuated(text: str) -> str:
    """A masked text as it would be written without punctuation (commas, full stops, question marks
    dropped, single spaces): the informal copy of a training post."""
    return _SPACES.sub(" ", text.translate(_punctuation())).strip()


def with_informal_copies(
    texts: Sequence[str], labels: Sequence[bool]
) -> tuple[list[str], list[bool]]:
    """The training texts plus, for each one with punctuation, a copy without it (same label): adverts on
    Facebook, TikTok and Telegram are often written without any, and a model that learned commas and full
    stops as part of an advert's wording missed them (docs/online.md)."""
    copies = [(unpunctuated(t), label) for t, label in zip(texts, labels, strict=True)]
    extra = [
        (c, label)
        for (c, label), t in zip(copies, texts, strict=True)
        if c != _SPACES.sub(" ", t).strip()
    ]
    return [*texts, *(c for c, _ in extra)], [*labels, *(label for _, label in extra)]


@dataclass(frozen=True)
class AdvertModel:
    vectorisers: tuple[HashingVectorizer, ...]
    tfidfs: tuple[TfidfTransformer, ...]
    with_cues: bool
    model: LogisticRegression

    def features(self, texts: Sequence[str]) -> sp.csr_matrix:
        blocks = [
            tfidf.transform(hashing.transform(texts))
            for hashing, tfidf in zip(self.vectorisers, self.tfidfs, strict=True)
        ]
        if self.with_cues:
            blocks.append(cues(texts))
        return sp.hstack(blocks, format="csr")

    def scores(self, texts: Sequence[str]) -> NDArray[np.float64]:
        """Probability each masked text is an advert."""
        if not texts:
            return np.zeros(0)
        return np.asarray(self.model.predict_proba(self.features(texts))[:, 1], dtype=np.float64)


def vectoriser() -> HashingVectorizer:
    """Character 2-5-grams within words (spelling variants, prefixes, case endings)."""
    return HashingVectorizer(
        analyzer="char_wb", ngram_range=(2, 5), n_features=2**20, alternate_sign=False, norm=None
    )


def word_vectoriser() -> HashingVectorizer:
    """Word 1-2-grams (phrases such as 'pay after', 'no papers')."""
    return HashingVectorizer(
        analyzer="word",
        token_pattern=r"(?u)[^\W_]+|[☎¤🔗%٪]",
        ngram_range=(1, 2),
        n_features=2**18,
        alternate_sign=False,
        norm=None,
    )


def train(
    texts: Sequence[str],
    labels: Sequence[bool],
    words: bool = False,
    with_cues: bool = False,
    informal_copies: bool = True,
) -> AdvertModel:
    """A model fitted on masked texts and their labels (deterministic), by default with an unpunctuated
    copy of each punctuated text. The shipped model reads character n-grams only: word n-grams and the
    cues measured worse on posts of unseen wording (docs/online.md, `benchmarks/online.py compare`), so
    they are options kept for that comparison."""
    if informal_copies:
        texts, labels = with_informal_copies(texts, labels)
    hashings = (vectoriser(), word_vectoriser()) if words else (vectoriser(),)
    tfidfs = []
    for hashing in hashings:
        tfidfs.append(TfidfTransformer(sublinear_tf=True).fit(hashing.transform(texts)))
    unfitted = AdvertModel(hashings, tuple(tfidfs), with_cues, LogisticRegression())
    model = LogisticRegression(C=C, class_weight="balanced", max_iter=2000, random_state=0)
    model.fit(unfitted.features(texts), np.asarray(labels, dtype=bool))
    return AdvertModel(hashings, tuple(tfidfs), with_cues, model)


def masked_post(post: LabelledPost) -> str:
    from crossroute.analysis.online.extract import extract

    return extract(post.text, post.language).masked


@lru_cache(maxsize=1)
def default_model() -> AdvertModel:
    """The model trained on the shipped labelled posts (once per process)."""
    posts = labelled_posts()
    return train([masked_post(p) for p in posts], [p.is_ad for p in posts])
