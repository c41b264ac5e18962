"""Privacy-preserving hit/no-hit matching between agency nodes.

A node publishes its persons as hardened Bloom-filter encodings and its identifiers as keyed digests
(`publish`); a peer matches them against its own (`match_persons`, `match_identifiers`) and learns
only: hit, which node, its reference, a score. See docs/federation.md.
"""

from crossroute.federation.bloom import Encoder, EncodingSpec
from crossroute.federation.encode import (
    Encodings,
    IdentifierDigest,
    Publication,
    publish,
    publish_persons,
    read_persons,
)
from crossroute.federation.hits import Hit, match_identifiers, match_persons
from crossroute.federation.matcher import Candidates, candidate_pairs, dice
from crossroute.federation.secret import FederationSecret, SecretError
from crossroute.federation.tokens import PersonValues

__all__ = [
    "Candidates",
    "Encoder",
    "EncodingSpec",
    "Encodings",
    "FederationSecret",
    "Hit",
    "IdentifierDigest",
    "PersonValues",
    "Publication",
    "SecretError",
    "candidate_pairs",
    "dice",
    "match_identifiers",
    "match_persons",
    "publish",
    "publish_persons",
    "read_persons",
]
