"""Country adjectives ('German customers', 'French authors') as the stored country values they stand for.

The demonyms, names and alternative spellings come from the ``countryinfo`` package (its data ships inside the
package; nothing is downloaded). Why: people name a country by its adjective far more often than by the name
the data stores, and a fuzzy match only catches the adjectives that look like the name ('German' ~ 'Germany',
never 'French' ~ 'France' or 'Dutch' ~ 'Netherlands').
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)  # about 50 ms once: the package reads one small JSON file per country
def demonyms() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Lower-case demonym -> for each country of that demonym, the lower-case names a warehouse may store for it
    (name, native name, alternative spellings and ISO codes)."""
    from countryinfo import all_countries

    out: dict[str, list[tuple[str, ...]]] = {}
    for c in all_countries():
        info = c.info()
        demonym = (info.get("demonym") or "").strip().lower()
        if not demonym or " " in demonym:
            continue
        iso = info.get("ISO") or {}
        names = {info.get("name") or "", info.get("nativeName") or "", *(info.get("altSpellings") or []),
                 str(iso.get("alpha2") or ""), str(iso.get("alpha3") or "")}
        out.setdefault(demonym, []).append(tuple(sorted({n.strip().lower() for n in names if n and n.strip()})))
    return {d: tuple(countries) for d, countries in out.items()}


def countries_of(word: str) -> tuple[tuple[str, ...], ...]:
    """The countries (each as its names) a demonym ('french', 'germans') stands for; () when it is none."""
    table = demonyms()
    w = word.lower()
    return table.get(w) or (table.get(w[:-1], ()) if w.endswith("s") else ())


def country_names(word: str) -> tuple[str, ...]:
    """Every name of every country a demonym stands for."""
    return tuple(sorted({n for names in countries_of(word) for n in names}))


# US states and Canadian provinces by name: warehouses store the postal code ('TX', 'ON') far more often than the
# name people say ('Texas', 'Ontario'), and no fuzzy match links the two.
REGION_CODES = {
    "alabama": "AL", "alaska": "AK", "arizona": "AZ", "arkansas": "AR", "california": "CA", "colorado": "CO",
    "connecticut": "CT", "delaware": "DE", "florida": "FL", "georgia": "GA", "hawaii": "HI", "idaho": "ID",
    "illinois": "IL", "indiana": "IN", "iowa": "IA", "kansas": "KS", "kentucky": "KY", "louisiana": "LA", "maine": "ME",
    "maryland": "MD", "massachusetts": "MA", "michigan": "MI", "minnesota": "MN", "mississippi": "MS", "missouri": "MO",
    "montana": "MT", "nebraska": "NE", "nevada": "NV", "new hampshire": "NH", "new jersey": "NJ", "new mexico": "NM",
    "new york": "NY", "north carolina": "NC", "north dakota": "ND", "ohio": "OH", "oklahoma": "OK", "oregon": "OR",
    "pennsylvania": "PA", "rhode island": "RI", "south carolina": "SC", "south dakota": "SD", "tennessee": "TN",
    "texas": "TX", "utah": "UT", "vermont": "VT", "virginia": "VA", "washington": "WA", "west virginia": "WV",
    "wisconsin": "WI", "wyoming": "WY", "district of columbia": "DC",
    "alberta": "AB", "british columbia": "BC", "manitoba": "MB", "new brunswick": "NB", "newfoundland and labrador": "NL",
    "nova scotia": "NS", "ontario": "ON", "prince edward island": "PE", "quebec": "QC", "saskatchewan": "SK",
}


@lru_cache(maxsize=1)  # once: the same small per-country JSON files as ``demonyms``
def _country_codes() -> dict[str, tuple[str, ...]]:
    """Lower-case country name (and its alternative spellings) -> its ISO alpha-2 and alpha-3 codes, upper-case."""
    from countryinfo import all_countries

    out: dict[str, tuple[str, ...]] = {}
    for c in all_countries():
        info = c.info()
        iso = info.get("ISO") or {}
        codes = tuple(str(iso.get(k) or "").upper() for k in ("alpha2", "alpha3") if iso.get(k))
        if not codes:
            continue
        for n in (info.get("name") or "", *(info.get("altSpellings") or [])):
            n = n.strip().lower()
            if len(n) > 3 and n not in out:  # a spelling of two or three letters is a code itself
                out[n] = codes
    return out


def country_codes(name: str) -> tuple[str, ...]:
    """The ISO codes a country's name ('Brazil', 'united kingdom') is stored as in a country-code column; ()
    when the words name no country. Why: exports store 'BR' far more often than people say it."""
    return _country_codes().get(name.strip().lower(), ())
