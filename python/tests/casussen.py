"""Voorbeeldstad-casussen in bulk, deterministisch uit hun nummer (voor tests/test_spark.py).

`casussen(nummers)` geeft voor een reeks casusnummers een pyarrow-tabel met één casus per rij;
elke casus hangt alleen af van haar eigen nummer, zodat dezelfde casussen ontstaan in één proces
en verspreid over de partities van Spark. De feiten komen uit ordinances/voorbeeld/
voorbeeldstad-2023.test.yaml (werkstage, participatieplaats met premie, uitstroompremie,
jobcoaching, vervoersvoorziening) en variëren rond hun drempels, met ontbrekende gegevens, zodat
elke voorziening meerdere uitkomsten krijgt en de bedragen verschillen.
"""

from __future__ import annotations

import datetime as dt
from typing import Iterable

import pyarrow as pa

REGELING = "ordinances/voorbeeld/voorbeeldstad-2023.vo"

_DAG0 = dt.date(2021, 1, 1)

SCHEMA = pa.schema([
    ("id", pa.string()),
    ("peildatum", pa.string()),
    ("persoon.doelgroep", pa.bool_()),
    ("persoon.langdurig_werkloos_of_nieuw", pa.bool_()),
    ("verdringing", pa.bool_()),
    ("persoon.op_participatieplaats", pa.bool_()),
    ("participatieplaats.uren_per_week", pa.int64()),
    ("participatieplaats.aanvang", pa.date32()),
    ("voldoende_meegewerkt", pa.bool_()),
    ("persoon.duur_uitkering", pa.string()),
    ("persoon.uitkeringsonafhankelijk", pa.string()),
    ("persoon.uitkering_beeindigd_door_arbeid", pa.bool_()),
    ("dienstbetrekking.ingangsdatum", pa.date32()),
    ("aanvraag.datum", pa.date32()),
    ("persoon.arbeidsbeperking", pa.bool_()),
    ("persoon.leeftijd", pa.string()),
    ("persoon.vso_pro", pa.bool_()),
    ("dienstbetrekking.duur", pa.string()),
    ("dienstbetrekking.uren_per_week", pa.int64()),
    ("dienstbetrekking.jaar", pa.int64()),
    ("dienstbetrekking.uren_taken_per_jaar", pa.string()),
    ("ondersteuning_nodig", pa.bool_()),
    ("arbo_taak", pa.bool_()),
    ("proportioneel", pa.bool_()),
    ("persoon.niet_zelfstandig_reizen", pa.bool_()),
    ("vervoer.woon_werk", pa.bool_()),
    ("vervoer.werkdagen", pa.int64()),
    ("vervoer.tarief_per_dag", pa.string()),
    ("vervoer.vergoeding_werkgever", pa.string()),
])


def _bedrag(centen: int) -> str:
    """Een bedrag zoals een casusbestand het schrijft: € 1.234,56."""
    euro, cent = divmod(centen, 100)
    return f"€ {euro:,}".replace(",", ".") + f",{cent:02d}"


def _casus(n: int) -> list:
    # Splitmix64 over het nummer, drie keer: 192 bits, daarna een bit-veld per gegeven.
    bits = 0
    for k in range(3):
        z = (n * 3 + k + 1) * 0x9E3779B97F4A7C15 & 0xFFFFFFFFFFFFFFFF
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9 & 0xFFFFFFFFFFFFFFFF
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB & 0xFFFFFFFFFFFFFFFF
        bits = bits << 64 | (z ^ (z >> 31))

    def veld(breedte: int) -> int:
        nonlocal bits
        v = bits & ((1 << breedte) - 1)
        bits >>= breedte
        return v

    def janee() -> bool | None:
        v = veld(3)  # een op de acht ontbreekt
        return None if v == 0 else v >= 3

    def datum(tot: int) -> dt.date:
        return _DAG0 + dt.timedelta(days=veld(10) % tot)

    begin = datum(900)
    return [
        f"c{n}",
        "2023-08-31" if veld(1) else "2023-09-01",
        janee(), janee(), janee(),
        janee(), 8 + veld(5), datum(1000), janee(),
        f"{6 + veld(5)} maanden", f"{2 + veld(4)} maanden", janee(), begin, begin + dt.timedelta(days=veld(10) % 700),
        janee(), f"{16 + veld(6)} jaar", janee(), f"{3 + veld(4)} maanden", 8 + veld(5),
        1 + veld(2) % 3, f"{800 + 100 * veld(4):,} uur".replace(",", "."), janee(), janee(), janee(),
        janee(), janee(), veld(5), _bedrag(500 + veld(13)), _bedrag(100 * veld(8)),
    ]


def casussen(nummers: Iterable[int]) -> pa.Table:
    """De casussen met deze nummers, in deze volgorde."""
    rijen = [_casus(n) for n in nummers]
    kolommen = list(zip(*rijen)) if rijen else [[] for _ in SCHEMA]
    return pa.Table.from_arrays(
        [pa.array(list(k), f.type) for k, f in zip(kolommen, SCHEMA)], schema=SCHEMA)
