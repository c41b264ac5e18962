"""One desk per agency: what it sees and how it writes it (format, language, codes, mapping)."""

from __future__ import annotations

from crossroute.simulate.agencies.al_asp import AlAsp
from crossroute.simulate.agencies.base import Desk, Services
from crossroute.simulate.agencies.be_customs import BeCustoms
from crossroute.simulate.agencies.be_fjp import BeFjp
from crossroute.simulate.agencies.de_bka import DeBka
from crossroute.simulate.agencies.eu_europol import EuEuropol
from crossroute.simulate.agencies.fr_ocriest import FrOcriest
from crossroute.simulate.agencies.uk_nca import UkNca
from crossroute.simulate.translit import Transliterator

DESKS = (UkNca, FrOcriest, DeBka, BeFjp, AlAsp, EuEuropol, BeCustoms)
LANGUAGES = {
    "UK-NCA": "en",
    "FR-OCRIEST": "fr",
    "DE-BKA": "de",
    "BE-FJP": "nl",
    "AL-ASP": "sq",
    "EU-EUROPOL": "en",
    "BE-CUSTOMS": "nl",
}

__all__ = ["DESKS", "Desk", "Services", "make_desks"]


def make_desks(services: Services) -> list[Desk]:
    """The desks of every agency, in the order their files are listed (and loaded)."""
    variants = services.world.variants
    return [desk(services, Transliterator(LANGUAGES[desk.code], variants)) for desk in DESKS]
