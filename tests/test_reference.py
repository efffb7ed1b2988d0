"""Tests for etl.reference: countries, country name variants and city lookup."""

import pytest

from etl import reference as ref


def test_countries_has_one_row_per_iso_country():
    assert ref.countries().height == 249


def test_countries_iso2_is_unique():
    df = ref.countries()
    assert df["iso2"].n_unique() == df.height


@pytest.mark.parametrize("column", ["iso2", "iso3", "name", "name_fr", "region"])
def test_countries_required_columns_are_filled(column):
    assert ref.countries()[column].null_count() == 0


def test_countries_morocco_row():
    row = ref.countries().filter(iso2="MA").row(0, named=True)
    assert (row["iso3"], row["name"], row["name_fr"], row["region"], row["subregion"]) == (
        "MAR", "Morocco", "Maroc", "Africa", "Northern Africa")


def test_variants_are_unique_per_iso2_and_surface():
    df = ref.country_name_variants()
    assert df.unique(subset=["iso2", "surface"]).height == df.height


def test_each_folded_surface_maps_to_one_country():
    df = ref.country_name_variants()
    owners = {}
    for iso2, surface in df.select("iso2", "surface").iter_rows():
        owners.setdefault(ref.fold(surface), set()).add(iso2)
    assert [f for f, isos in owners.items() if len(isos) > 1] == []


def test_moroccan_is_a_demonym_variant():
    df = ref.country_name_variants().filter(surface="Moroccan")
    assert df.select("iso2", "kind").rows() == [("MA", "demonym")]


@pytest.mark.parametrize("text, iso2", [
    ("Morocco", "MA"),
    ("Maroc", "MA"),
    ("the Russian Federation", "RU"),
    ("Russian Federation", "RU"),
    ("the Czech Republic", "CZ"),
    ("Comoros Islands", "KM"),
    ("les Comores", "KM"),
    ("Sultanate of Oman", "OM"),
    ("Türkiye", "TR"),
    ("Turkiye", "TR"),
    ("Turkey", "TR"),
    ("la Mauritanie", "MR"),
    ("South Korea", "KR"),
    ("North Macedonia", "MK"),
    ("Moroccan", "MA"),
    ("marocaine", "MA"),
    ("Norwegian", "NO"),
    ("Ethiopian", "ET"),
    ("Malawian", "MW"),
    ("française", "FR"),
    ("aux Émirats arabes unis", "AE"),
    ("UAE", "AE"),
    ("Guinea", "GN"),
    ("Congo", "CG"),
])
def test_find_country(text, iso2):
    assert ref.find_country(text) == iso2


def test_find_country_ignores_organisations():
    assert ref.find_country("Interpol") is None


def test_short_non_whitelisted_codes_are_not_countries():
    assert ref.find_country("MAR") is None


@pytest.mark.parametrize("name, iso2", [
    ("Lyon", "FR"),
    ("Marrakech", "MA"),
    ("Rabat", "MA"),
    ("Abu Dhabi", "AE"),
    ("Abou Dhabi", "AE"),
    ("Lilongwe", "MW"),
    ("Al Ain", "AE"),
    ("Berlin", "DE"),
    ("Paris", "FR"),
    ("La Haye", "NL"),
    ("The Hague", "NL"),
])
def test_find_city_country(name, iso2):
    assert ref.find_city(name).country_iso2 == iso2


def test_tangier_and_tanger_are_the_same_city():
    assert ref.find_city("Tangier").geonameid == ref.find_city("Tanger").geonameid


def test_tanger_is_in_morocco():
    assert ref.find_city("Tanger").country_iso2 == "MA"


def test_find_city_is_case_and_accent_insensitive():
    assert ref.find_city("MARRAKECH") == ref.find_city("Marrakech")


def test_find_city_unknown_name_is_none():
    assert ref.find_city("Rione") is None


def test_find_city_refuses_country_names():
    assert ref.find_city("Morocco") is None


def test_find_city_allows_country_names_when_asked():
    assert ref.find_city("Djibouti", allow_country_names=True).country_iso2 == "DJ"


def test_city_names_are_folded():
    assert "marrakech" in ref.city_names()


@pytest.mark.parametrize("text, folded", [
    ("Émirats  Arabes", "emirats arabes"),
    ("Côte d\u2019Ivoire", "cote d'ivoire"),
])
def test_fold(text, folded):
    assert ref.fold(text) == folded


def test_a_stored_city_index_is_read_back_the_same(tmp_path, monkeypatch):
    from etl import reference

    monkeypatch.setattr(reference, "_STORED_CITY_INDEX", None)
    reference.use_stored_city_index(tmp_path)
    assert len(list(tmp_path.glob("city_index-*.parquet"))) == 1
    monkeypatch.setattr(reference, "_STORED_CITY_INDEX", None)
    reference.use_stored_city_index(tmp_path)  # now read from the file
    assert reference._STORED_CITY_INDEX == reference._built_city_index()
    assert reference.find_city("Tanger").name == "Tangier"


def test_a_damaged_stored_city_index_is_rebuilt(tmp_path, monkeypatch):
    from etl import reference

    monkeypatch.setattr(reference, "_STORED_CITY_INDEX", None)
    reference.use_stored_city_index(tmp_path)
    stored = next(tmp_path.glob("city_index-*.parquet"))
    stored.write_bytes(b"not a parquet file")
    monkeypatch.setattr(reference, "_STORED_CITY_INDEX", None)
    reference.use_stored_city_index(tmp_path)
    assert reference.find_city("Lyon").country_iso2 == "FR"
