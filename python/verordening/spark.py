"""Een regeling beoordelen in Apache Spark, verdeeld over partities en machines.

    from verordening.spark import beoordeel
    uitkomsten = beoordeel(casussen_df, "ordinances/voorbeeld/voorbeeldstad-2023.vo")

`beoordeel` zet `Regeling.beoordeel_batch` in een `DataFrame.mapInArrow`: elke taak van Spark
krijgt de rijen van haar partitie als Arrow-batches, beoordeelt ze met de regeling en geeft
batches terug in de vorm van `beoordeel_batch` (`verordening.UITVOER`, vooraf bekend, zodat
Spark het schema niet hoeft te raden). Zie docs/python.md, "Met Apache Spark".

pyspark is geen afhankelijkheid van het pakket: alleen `schema()` en `beoordeel()` importeren
het, de functie voor `mapInArrow` (`beoordelaar`) niet.
"""

from __future__ import annotations

import os
from typing import Callable, Iterator

import pyarrow as pa
import pyarrow.compute as pc

from . import UITVOER, Regeling

__all__ = ["beoordeel", "beoordelaar", "schema", "bedrag"]

# Per Python-proces van Spark één geladen regeling per pad. Het Rust-object van een regeling
# kan niet van de driver naar de workers (het is niet te picklen, en één object in één proces),
# dus laadt elk proces haar zelf van schijf, één keer: Spark hergebruikt zijn Python-workers
# voor volgende taken (spark.python.worker.reuse), en dan staat ze hier nog.
_geladen: dict[str, Regeling] = {}


def _regeling(pad: str) -> Regeling:
    r = _geladen.get(pad)
    if r is None:
        r = _geladen[pad] = Regeling(pad)
    return r


def beoordelaar(
    pad: str, namen: list[str] | None = None
) -> Callable[[Iterator[pa.RecordBatch]], Iterator[pa.RecordBatch]]:
    """De functie voor `df.mapInArrow(beoordelaar(pad), schema())`: beoordeelt de casussen van
    één partitie met de regeling op `pad` (een pad dat op elke worker bestaat; relatief is het
    ten opzichte van de map waarin de driver draait). `rij` telt binnen de partitie; de sleutel
    naar de invoer is de kolom `id`. `namen`: de echte kolomnamen, als de DataFrame ze onder
    andere namen draagt (zie `beoordeel`)."""
    pad = os.path.abspath(pad)

    def beoordeel_partitie(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        regeling = _regeling(pad)
        eerder = 0
        for batch in batches:
            if namen is not None:
                batch = pa.RecordBatch.from_arrays(batch.columns, names=namen)
            uit = regeling.beoordeel_batch(pa.Table.from_batches([batch]))
            if eerder:
                uit = uit.set_column(0, UITVOER.field("rij"), pc.add(uit["rij"], eerder))
            eerder += batch.num_rows
            yield from uit.to_batches()

    return beoordeel_partitie


def schema():
    """Het Spark-schema van de uitkomsten (`verordening.UITVOER` als StructType)."""
    from pyspark.sql.pandas.types import from_arrow_schema

    return from_arrow_schema(UITVOER)


def beoordeel(df, pad: str):
    """Beoordeel elke rij van een Spark-DataFrame (kolommen als bij `beoordeel_batch`) met de
    regeling op `pad`: een DataFrame met een rij per casus en voorziening. De regeling wordt eerst
    hier geladen, zodat een fout in de regeling hier een `VerordeningFout` geeft in plaats van
    een mislukte taak op een worker."""
    _regeling(os.path.abspath(pad))
    # pyspark 3.5 zoekt voor mapInArrow elke kolom op naam op, en een punt in een naam
    # (`persoon.doelgroep`) leest het als een veld van een struct: de kolommen gaan er daarom
    # onder hun nummer in, en krijgen in de taak hun echte naam terug.
    namen = list(df.columns)
    genummerd = df.toDF(*(f"_{i}" for i in range(len(namen))))
    return genummerd.mapInArrow(beoordelaar(pad, namen), schema())


def bedrag(waarden, naam: str, schaal: int = 2):
    """Een bedrag uit de kolom `waarden` als exact decimaal getal (Spark `decimal(38, schaal)`):
    `bedrag(F.col("waarden"), "vergoeding")` maakt van "€ 1.234,50" 1234.50. Leeg als de waarde
    er niet is. Nooit via een float: het blijft tekst tot de cast."""
    from pyspark.sql import functions as F

    tekst = F.get_json_object(waarden, f"$.{naam}")
    getal = F.regexp_replace(F.regexp_replace(tekst, r"[^0-9,\-]", ""), ",", ".")
    return getal.cast(f"decimal(38,{schaal})")
