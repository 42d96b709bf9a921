"""De Spark-recept (verordening.spark) naast één proces: dezelfde casussen, verspreid over
partities en beoordeeld in Spark (lokaal, `local[2]`), geven per voorziening dezelfde aantallen
uitkomsten en dezelfde sommen van de bedragen (exact, als decimalen) als `beoordeel_batch` in één
proces.

Het aantal casussen: VERORDENING_SPARK_CASUSSEN (standaard 20 000; de meting met 1 000 000 staat
in docs/design.md, "Spark"). Zonder pyspark of Java wordt de test overgeslagen, behalve als
CI=true: dan faalt hij.
"""

from __future__ import annotations

import collections
import decimal
import json
import os
import shutil
import sys
import time

import pyarrow as pa
import pyarrow.compute as pc
import pytest

import casussen as casussen_module
from casussen import REGELING, SCHEMA, casussen
from verordening import Regeling

AANTAL = int(os.environ.get("VERORDENING_SPARK_CASUSSEN", "20000"))
PARTITIES = 8
BLOK = 10_000

# De bedragen die Voorbeeldstad 2023 berekent: (voorziening, waarde).
BEDRAGEN = [
    ("premie_participatieplaats", "bedrag"),
    ("premie_participatieplaats", "totaal"),
    ("uitstroompremie", "bedrag"),
    ("vervoersvoorziening", "vergoeding"),
]


def _ontbreekt(wat: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"{wat} ontbreekt, en op CI (CI=true) moet de Spark-test draaien")
    pytest.skip(f"{wat} ontbreekt: de Spark-test wordt overgeslagen (pip install pyspark; "
                "Java: apt-get install openjdk-17-jre-headless)")


@pytest.fixture(scope="module")
def spark():
    try:
        import pyspark  # noqa: F401
        from pyspark.sql import SparkSession
    except ImportError:
        _ontbreekt("pyspark")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        _ontbreekt("java")
    # De workers draaien met deze Python (de venv met verordening), lokaal en zonder de
    # hostnaam op te zoeken; de generator van de casussen gaat als waarde mee (tests/ staat niet
    # op het pad van de workers).
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark import cloudpickle

    cloudpickle.register_pickle_by_value(casussen_module)
    sessie = (
        SparkSession.builder.master("local[2]")
        .appName("verordening-test")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", "1g")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.extraJavaOptions", "-Dlog4j2.level=error")
        .getOrCreate()
    )
    sessie.sparkContext.setLogLevel("ERROR")
    yield sessie
    sessie.stop()


def _bedrag(tekst: str) -> decimal.Decimal:
    """"€ 1.234,50" als Decimal (de notatie van het rapport)."""
    return decimal.Decimal(tekst.replace("€", "").replace(".", "").replace(",", ".").strip())


def _in_een_proces(aantal: int):
    """Aantallen per (voorziening, uitkomst) en sommen per (voorziening, uitkomst, waarde)."""
    regeling = Regeling(REGELING)
    aantallen: collections.Counter = collections.Counter()
    sommen: dict = collections.defaultdict(decimal.Decimal)
    fouten = 0
    for begin in range(0, aantal, BLOK):
        uit = regeling.beoordeel_batch(casussen(range(begin, min(begin + BLOK, aantal))))
        fouten += uit.num_rows - pc.count(uit["fout"], mode="only_null").as_py()
        paren = uit.group_by(["voorziening", "uitkomst"]).aggregate([([], "count_all")])
        for vz, uk, n in zip(*(paren[k].to_pylist() for k in ("voorziening", "uitkomst",
                                                               "count_all"))):
            aantallen[(vz, uk)] += n
        namen = {vz for vz, _ in BEDRAGEN}
        met = uit.filter(pc.is_in(uit["voorziening"], pa.array(sorted(namen))))
        for vz, uk, w in zip(*(met[k].to_pylist() for k in ("voorziening", "uitkomst",
                                                             "waarden"))):
            waarden = json.loads(w)
            for v, naam in BEDRAGEN:
                if v == vz and naam in waarden:
                    sommen[(vz, uk, naam)] += _bedrag(waarden[naam])
    return aantallen, dict(sommen), fouten


def _casussen_in_spark(spark, aantal: int):
    """Dezelfde casussen als DataFrame, gemaakt op de workers uit hun nummers."""
    from pyspark.sql.pandas.types import from_arrow_schema

    def maak(batches):
        for b in batches:
            t = casussen(b.column(0).to_pylist())
            yield from t.to_batches()

    nummers = spark.range(0, aantal, numPartitions=PARTITIES)
    return nummers.mapInArrow(maak, from_arrow_schema(SCHEMA))


def test_spark_geeft_hetzelfde_als_een_proces(spark):
    from pyspark.sql import functions as F

    from verordening.spark import bedrag, beoordeel

    df = _casussen_in_spark(spark, AANTAL)
    assert df.rdd.getNumPartitions() == PARTITIES
    uit = beoordeel(df, REGELING)
    kolommen = [F.count(F.lit(1)).alias("aantal")]
    for vz, naam in BEDRAGEN:
        kolommen.append(F.sum(F.when(F.col("voorziening") == vz, bedrag(F.col("waarden"), naam)))
                        .alias(f"{vz}.{naam}"))
    kolommen.append(F.count(F.col("fout")).alias("fouten"))
    t = time.perf_counter()
    rijen = uit.groupBy("voorziening", "uitkomst").agg(*kolommen).collect()
    in_spark = time.perf_counter() - t
    aantallen = {(r["voorziening"], r["uitkomst"]): r["aantal"] for r in rijen}
    sommen = {}
    for r in rijen:
        for vz, naam in BEDRAGEN:
            s = r[f"{vz}.{naam}"]
            if s is not None:
                assert isinstance(s, decimal.Decimal)
                assert r["voorziening"] == vz
                sommen[(vz, r["uitkomst"], naam)] = s
    fouten = sum(r["fouten"] for r in rijen)

    t = time.perf_counter()
    verwacht_aantallen, verwacht_sommen, verwacht_fouten = _in_een_proces(AANTAL)
    een_proces = time.perf_counter() - t
    print(f"\n{AANTAL} casussen: Spark local[2] {in_spark:.1f} s ({AANTAL / in_spark:.0f}/s), "
          f"één proces {een_proces:.1f} s ({AANTAL / een_proces:.0f}/s)")

    assert aantallen == dict(verwacht_aantallen)
    assert sommen == verwacht_sommen
    assert fouten == verwacht_fouten == 0
    # Elke casus een rij per voorziening, en de uitkomsten gevarieerd: elke voorziening met een
    # bedrag heeft er meer dan één, en elke som is groter dan nul.
    assert sum(aantallen.values()) == AANTAL * len({vz for vz, _ in aantallen})
    for vz, _ in BEDRAGEN:
        assert len({uk for v, uk in aantallen if v == vz}) >= 3, vz
    for vz, naam in BEDRAGEN:
        assert sum(s for (v, _, n), s in sommen.items() if (v, n) == (vz, naam)) > 0, (vz, naam)
