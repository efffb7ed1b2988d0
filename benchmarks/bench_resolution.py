"""Person resolution at scale: N synthetic person mentions through `etl.resolve.resolve_persons`.

    python benchmarks/bench_resolution.py [--rows 100000] [--people 20000] [--scaling] [--seed 7]

Rows are shaped like the "persons" rows of `etl.extract.facts_to_rows` (article_id, name, aliases,
title, agency, country_iso2, mentions). About `--people` distinct people, each written in one to
three spellings (doubled letters, transliterations, accents, hyphens), are mentioned across
articles with a Zipf-like popularity, as in news: a few officials are everywhere. First names come
from a short list (common first names dominate real corpora) and surnames are synthesised.
With `--scaling` the benchmark also runs at 1/8, 1/4 and 1/2 of the rows, to show how time grows.

Writes `resolve_100k_persons_seconds` (the time at --rows) into benchmarks/results/latest.json.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from generate_corpus import AGENCY_KINDS, COUNTRIES, FIRST_NAMES, VARIANT_RULES  # noqa: E402

from results_store import RESULTS, merge_results  # noqa: E402
SYLLABLES = ["ba", "be", "bou", "da", "di", "do", "fa", "ga", "ha", "ka", "ki", "ko", "la", "li", "lo", "ma", "me",
             "mi", "mou", "na", "ne", "no", "ou", "ra", "ri", "ro", "sa", "se", "si", "ta", "te", "ti", "to", "wa",
             "ya", "za", "zi", "der", "man", "son", "sen", "berg", "ski", "vic", "lah", "rim", "dine", "kar", "tor"]
EXTRA_FIRST = ["Abdelaziz", "Abdelhak", "Aziz", "Bilal", "Driss", "Farid", "Hicham", "Ismail", "Jamal", "Kamal",
               "Latifa", "Malik", "Nabil", "Omar", "Samir", "Tahar", "Walid", "Yassine", "Zakaria", "Amina", "Fatima",
               "Khadija", "Salma", "John", "Michael", "Robert", "James", "William", "Peter", "Paul", "Mark", "Andrew",
               "Jean", "Luc", "Michel", "Alain", "Bernard", "Patrick", "Olivier", "Eric", "Kofi", "Kwesi", "Yaw",
               "Sani", "Musa", "Aliyu", "Garba", "Ivan", "Sergei", "Dmitri", "Anders", "Erik", "Maria", "Ana"]
TITLES = ["Director General", "Inspector General of Police", "Commander", "Secretary General", "Director",
          "directeur général", "inspecteur général de la police", "Chief of Police", None, None]


def synth_surname(rng: random.Random) -> str:
    word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
    return word[:1].upper() + word[1:]


def spellings(name: str, rng: random.Random) -> list[str]:
    found = [name.replace(old, new, 1) for old, new in VARIANT_RULES if old in name and old != new]
    rng.shuffle(found)
    return [name, *dict.fromkeys(found)][: rng.choice([1, 2, 2, 3])]


def build_rows(n_rows: int, n_people: int, seed: int) -> tuple[list[dict], dict, dict, dict]:
    """Person rows, agency_map, agencies and languages as `build_core_tables` passes them."""
    rng = random.Random(seed)
    first_names = FIRST_NAMES + EXTRA_FIRST
    # Zipf over first names too: "Mohamed" is far more common than "Johanna".
    first_weights = [1 / (i + 1) ** 0.7 for i in range(len(first_names))]
    isos = [row[0] for row in COUNTRIES]
    people, seen = [], set()
    while len(people) < n_people:
        name = f"{rng.choices(first_names, first_weights)[0]} {synth_surname(rng)}"
        if name in seen:
            continue
        seen.add(name)
        iso = rng.choice(isos)
        kind = rng.randrange(len(AGENCY_KINDS))
        agency_name = AGENCY_KINDS[kind][0].format(dem=iso, country=iso)
        people.append({"spellings": spellings(name, rng), "iso": iso, "agency_id": f"ag_{iso}_{kind}",
                       "agency_name": agency_name, "title": rng.choice(TITLES)})
    weights = [1 / (i + 1) ** 0.8 for i in range(n_people)]
    rows, agency_map, language = [], {}, {}
    article, in_article = 0, set()
    for _ in range(n_rows):
        # 3-8 persons per article; a person at most once per article (the key is (article_id, name)).
        if len(in_article) >= rng.randint(3, 8):
            article, in_article = article + 1, set()
        while True:
            index = rng.choices(range(n_people), weights)[0] if rng.random() < 0.6 else rng.randrange(n_people)
            if index not in in_article:
                break
        in_article.add(index)
        person = people[index]
        article_id = f"a{article:07d}"
        language.setdefault(article_id, "en" if rng.random() < 0.6 else "fr")
        name = rng.choice(person["spellings"])
        with_agency = rng.random() < 0.7
        if with_agency:
            agency_map[(article_id, person["agency_name"])] = person["agency_id"]
        rows.append({"article_id": article_id, "name": name, "aliases": sorted({name, name.split()[-1]}),
                     "title": person["title"], "agency": person["agency_name"] if with_agency else None,
                     "country_iso2": person["iso"] if rng.random() < 0.3 else None, "mentions": rng.randint(1, 6)})
    agencies = {p["agency_id"]: {"agency_id": p["agency_id"], "agency_type": "national", "country_iso2": p["iso"]}
                for p in people}
    return rows, agency_map, agencies, language


def block_sizes(rows: list[dict]) -> Counter:
    from etl.resolve import name_keys

    blocks = Counter()
    for item in {(r["article_id"], r["name"]) for r in rows}:
        for key in name_keys(item[1]):
            blocks[key] += 1
    return blocks


def time_resolution(n_rows: int, n_people: int, seed: int) -> dict:
    from etl.resolve import resolve_persons

    rows, agency_map, agencies, language = build_rows(n_rows, n_people, seed)
    blocks = block_sizes(rows)
    pairs = sum(n * (n - 1) // 2 for n in blocks.values())
    started = time.perf_counter()
    persons, mapping = resolve_persons(rows, agency_map, agencies, language)
    seconds = time.perf_counter() - started
    return {"rows": n_rows, "people_true": n_people, "persons_resolved": len(persons), "seconds": seconds,
            "largest_block": max(blocks.values()), "candidate_pairs": pairs}



def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--scaling", action="store_true", help="also run at 1/8, 1/4 and 1/2 of the rows")
    args = parser.parse_args()
    fractions = (8, 4, 2, 1) if args.scaling else (1,)
    results = []
    print(f"{'rows':>8} {'people':>7} {'resolved':>9} {'largest block':>14} {'candidate pairs':>16} {'seconds':>9} {'µs/pair':>8}")
    for fraction in fractions:
        r = time_resolution(args.rows // fraction, max(1, args.people // fraction), args.seed)
        results.append(r)
        print(f"{r['rows']:>8} {r['people_true']:>7} {r['persons_resolved']:>9} {r['largest_block']:>14} "
              f"{r['candidate_pairs']:>16} {r['seconds']:>9.2f} {1e6 * r['seconds'] / max(1, r['candidate_pairs']):>8.2f}",
              flush=True)
    final = results[-1]
    values = {"resolve_100k_persons_seconds": round(final["seconds"], 3),
              "resolve_persons_rows": final["rows"], "resolve_persons_candidate_pairs": final["candidate_pairs"],
              "resolve_persons_largest_block": final["largest_block"]}
    if args.scaling:
        values["resolve_persons_scaling"] = [{k: (round(v, 3) if isinstance(v, float) else v) for k, v in r.items()}
                                             for r in results]
    merge_results(values)
    print(f"resolve_persons: {final['rows']} rows in {final['seconds']:.2f}s -> {RESULTS}")


if __name__ == "__main__":
    main()
