import pytest

from crossroute.model.values import InvalidValue
from crossroute.model.values.names import clean_name, fold_name, name_tokens


@pytest.mark.parametrize(
    ("raw", "display"),
    [
        ("  Gëzim   Çela ", "Gëzim Çela"),
        ("AL-HASSAN,\tMohammed", "AL-HASSAN, Mohammed"),
        ("Mohammed\u00a0Ali", "Mohammed Ali"),
        ("محمد  حسین", "محمد حسین"),
        ("Ge\u0308zim", "Gëzim"),  # decomposed ë is composed (NFC)
        ("\ufeffHüseyin\u200b", "Hüseyin"),  # BOM and zero-width space dropped
        ("عبد\u200cالله", "عبد\u200cالله"),  # Persian zero-width non-joiner kept
    ],
)
def test_clean_name_keeps_script_and_case(raw: str, display: str) -> None:
    assert clean_name(raw) == display


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("محمد", "mhmd"),
        ("مُحَمَّد", "mhmd"),  # vowel marks ignored
        ("أحمد", "hmd"),  # hamza on alef is often not written
        ("احمد", "hmd"),
        ("سعيد", "syd"),  # ayn does not split the word
        ("الحسن", "al hsn"),  # the article is its own token
        ("حسین رضایی", "hsyn rdyy"),  # Persian
        ("کاوە ڕەسووڵ", "kwe reswwl"),  # Sorani Kurdish: ICU turns some letters into "?"
        ("Xelîl Şêx", "xelil sex"),  # Kurmanji Kurdish
        ("Gëzim Çela", "gezim cela"),  # Albanian
        ("Hüseyin", "huseyin"),
        ("İbrahim Yıldız", "ibrahim yildiz"),  # Turkish dotted and dotless i
        ("Straße", "strasse"),
        ("Đặng Văn Lâm", "dang van lam"),  # Vietnamese
        ("Абдулла", "abdulla"),  # Cyrillic
        ("Ελευθέριος", "eleytherios"),  # Greek
        ("AL-HASSAN, Mohammed", "al hassan mohammed"),
        ("El-Sayed", "el sayed"),
        ("N'Diaye", "n diaye"),
    ],
)
def test_fold_name(raw: str, folded: str) -> None:
    assert fold_name(raw) == folded


def test_spellings_that_should_meet_fold_alike() -> None:
    assert fold_name("Gëzim ÇELA") == fold_name("gezim cela")
    assert fold_name("Al-Hassan Mohammed") == fold_name("AL HASSAN  MOHAMMED")
    assert fold_name("Hüseyin") == fold_name("Huseyin")


def test_name_tokens() -> None:
    assert name_tokens("AL-HASSAN, Mohammed") == ["al", "hassan", "mohammed"]
    assert name_tokens("Đặng Văn Lâm") == ["dang", "van", "lam"]
    assert name_tokens("  ") == []


@pytest.mark.parametrize("blank", ["", "   ", "\t\n", "\u200b"])
def test_blank_is_none(blank: str) -> None:
    assert clean_name(blank) is None
    assert fold_name(blank) is None


@pytest.mark.parametrize("raw", ["123", "--", "?? !!"])
def test_no_letters_is_invalid(raw: str) -> None:
    with pytest.raises(InvalidValue, match="no letters"):
        clean_name(raw)
    with pytest.raises(InvalidValue, match="no letters"):
        fold_name(raw)
