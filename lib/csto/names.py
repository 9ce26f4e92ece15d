"""State names: accept ISO codes and common spellings, suggest the right name for a typo."""

from __future__ import annotations

import unicodedata

from .errors import UnknownStateError, closest
from .paths import cached
from .text import scalar, shown

#: Common other spellings and codes, lower case, mapped to ISO 3166 alpha-3 codes.
VARIANTS: dict[str, str] = {
    "am": "ARM", "hayastan": "ARM", "az": "AZE", "azerbaidjan": "AZE", "azerbaidzhan": "AZE",
    "by": "BLR", "belorussia": "BLR", "byelorussia": "BLR", "belarussia": "BLR",
    "white russia": "BLR", "ge": "GEO", "sakartvelo": "GEO",
    "kz": "KAZ", "kazakstan": "KAZ", "kazakhstan republic": "KAZ",
    "kg": "KGZ", "kyrgyz republic": "KGZ", "kirghizia": "KGZ", "kirgizia": "KGZ",
    "kyrgyzia": "KGZ", "kirgizstan": "KGZ", "kirghizstan": "KGZ",
    "ru": "RUS", "russian federation": "RUS", "rf": "RUS",
    "tj": "TJK", "tadjikistan": "TJK", "tadzhikistan": "TJK", "uz": "UZB", "rs": "SRB",
    "af": "AFG", "islamic republic of afghanistan": "AFG", "ua": "UKR",
    "tr": "TUR", "turkiye": "TUR", "sy": "SYR", "syrian arab republic": "SYR",
    "md": "MDA", "moldavia": "MDA", "tm": "TKM", "turkmenia": "TKM",
    "us": "USA", "united states": "USA", "united states of america": "USA", "america": "USA",
    "fr": "FRA",
}


def _fold(text: str) -> str:
    """Lower case, accents (only) and "the", "republic of" removed: "the Türkiye" -> "turkiye"."""
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(text.lower().replace("-", " ").split()).removeprefix("the ").removeprefix(
        "republic of ")


def state_code(name: object) -> str:
    """Return the ISO 3166 alpha-3 code of a state named in any common way: its English short
    name, ISO alpha-3 or alpha-2 code, or a common older or official spelling, in any case.

    >>> state_code("kyrgyz republic")
    'KGZ'
    """
    by_code, by_name = _lookups()
    name = scalar(name)  # np.array("Armenia")
    key = _fold(name) if isinstance(name, str) else ""
    if key.upper() in by_code:
        return key.upper()
    if key in by_name or VARIANTS.get(key) in by_code:
        return by_name.get(key) or VARIANTS[key]
    near = [by_code.get(n, n) for n in closest(key, list(by_code.values()) + list(by_code))]
    hint = f" Did you mean {near[0]}?" if near else ""
    raise UnknownStateError(
        f"{shown(name)} is not a state in the data set.{hint} Valid names: "
        f"{', '.join(sorted(by_code.values()))} (ISO codes such as KGZ work too)."
    )


def state_name(name: object) -> str:
    """Return the English short name used in the lessons, for any accepted spelling or code.

    >>> state_name("RUS")
    'Russia'
    """
    return _lookups()[0][state_code(name)]


@cached
def _lookups() -> tuple[dict[str, str], dict[str, str]]:
    """{ISO3: name} and {folded name: ISO3} for the states table, built once per session."""
    from .data import load

    states = load("states")
    by_code = dict(zip(states["iso3"], states["name"], strict=True))
    return by_code, {_fold(n): c for c, n in by_code.items()}
