"""Het Spark-recept (verordening.spark) naast één proces: dezelfde casussen (Parquet, een
bestand per partitie), beoordeeld in Spark (lokaal, `local[2]`), geven per voorziening dezelfde
aantallen uitkomsten en dezelfde sommen van de bedragen (exact, als decimalen) als
`beoordeel_batch` in één proces.

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

from casussen import REGELING, casussen
from verordening import Regeling

AANTAL = int(os.environ.get("VERORDENING_SPARK_CASUSSEN", "20000"))
PARTITIES = 8

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
    # hostnaam op te zoeken.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    sessie = (
        SparkSession.builder.master("local[2]")
        .appName("verordening-test")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", "1g")
        .config("spark.sql.shuffle.partitions", "4")
        # Een Parquet-bestand per partitie (anders voegt Spark kleine bestanden samen).
        .config("spark.sql.files.openCostInBytes", str(128 * 1024 * 1024))
        .config("spark.driver.extraJavaOptions", "-Dlog4j2.level=error")
        .getOrCreate()
    )
    sessie.sparkContext.setLogLevel("ERROR")
    yield sessie
    sessie.stop()


def _bedrag(tekst: str) -> decimal.Decimal:
    """"€ 1.234,50" als Decimal (de notatie van het rapport)."""
    return decimal.Decimal(tekst.replace("€", "").replace(".", "").replace(",", ".").strip())


@pytest.fixture(scope="module")
def parquet(tmp_path_factory):
    """De casussen als Parquet, een bestand per partitie: Spark en het ene proces lezen
    dezelfde bestanden."""
    import pyarrow.parquet as pq

    map_ = tmp_path_factory.mktemp("casussen")
    stap = -(-AANTAL // PARTITIES)
    for p in range(PARTITIES):
        pq.write_table(casussen(range(p * stap, min((p + 1) * stap, AANTAL))),
                       map_ / f"deel-{p}.parquet")
    return map_


def _cpu_van_de_afstammelingen() -> float | None:
    """De CPU-seconden (user + system) van de processen onder dit proces: de JVM van Spark en
    zijn Python-workers (Linux, /proc); None elders. Voor de meting per kern: de machine kan
    druk zijn met andere dingen, de CPU-tijd van Spark zelf telt."""
    try:
        ouder, tijd = {}, {}
        for d in os.listdir("/proc"):
            if d.isdigit():
                try:
                    with open(f"/proc/{d}/stat") as f:
                        velden = f.read().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                ouder[int(d)] = int(velden[1])
                tijd[int(d)] = sum(int(v) for v in velden[11:15])  # utime stime cutime cstime
        onder, rand = set(), [os.getpid()]
        while rand:
            p = rand.pop()
            for kind, o in ouder.items():
                if o == p and kind not in onder:
                    onder.add(kind)
                    rand.append(kind)
        return sum(tijd[p] for p in onder) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def _in_een_proces(map_):
    """Aantallen per (voorziening, uitkomst) en sommen per (voorziening, uitkomst, waarde)."""
    import pyarrow.parquet as pq

    regeling = Regeling(REGELING)
    aantallen: collections.Counter = collections.Counter()
    sommen: dict = collections.defaultdict(decimal.Decimal)
    fouten = 0
    namen = pa.array(sorted({vz for vz, _ in BEDRAGEN}))
    for bestand in sorted(map_.iterdir()):
        uit = regeling.beoordeel_batch(pq.read_table(bestand))
        fouten += uit.num_rows - uit["fout"].null_count
        paren = uit.group_by(["voorziening", "uitkomst"]).aggregate([([], "count_all")])
        for vz, uk, n in zip(*(paren[k].to_pylist() for k in ("voorziening", "uitkomst",
                                                               "count_all"))):
            aantallen[(vz, uk)] += n
        met = uit.filter(pc.is_in(uit["voorziening"], namen))
        for vz, uk, w in zip(*(met[k].to_pylist() for k in ("voorziening", "uitkomst",
                                                             "waarden"))):
            waarden = json.loads(w)
            for v, naam in BEDRAGEN:
                if v == vz and naam in waarden:
                    sommen[(vz, uk, naam)] += _bedrag(waarden[naam])
    return aantallen, dict(sommen), fouten


def test_spark_geeft_hetzelfde_als_een_proces(spark, parquet):
    from pyspark.sql import functions as F

    from verordening.spark import bedrag, beoordeel

    df = spark.read.parquet(str(parquet))
    assert df.rdd.getNumPartitions() == PARTITIES
    uit = beoordeel(df, REGELING)
    kolommen = [F.count(F.lit(1)).alias("aantal")]
    for vz, naam in BEDRAGEN:
        kolommen.append(F.sum(F.when(F.col("voorziening") == vz, bedrag(F.col("waarden"), naam)))
                        .alias(f"{vz}.{naam}"))
    kolommen.append(F.count(F.col("fout")).alias("fouten"))
    t, cpu_spark = time.perf_counter(), _cpu_van_de_afstammelingen()
    rijen = uit.groupBy("voorziening", "uitkomst").agg(*kolommen).collect()
    in_spark = time.perf_counter() - t
    na = _cpu_van_de_afstammelingen()
    cpu_spark = na - cpu_spark if na is not None and cpu_spark is not None else None
    aantallen = {(r["voorziening"], r["uitkomst"]): r["aantal"] for r in rijen}
    sommen = {}
    for r in rijen:
        for vz, naam in BEDRAGEN:
            s = r[f"{vz}.{naam}"]
            if s is not None:
                assert r["voorziening"] == vz
                assert isinstance(s, decimal.Decimal)
                sommen[(vz, r["uitkomst"], naam)] = s
    fouten = sum(r["fouten"] for r in rijen)

    t, cpu = time.perf_counter(), time.process_time()
    verwacht_aantallen, verwacht_sommen, verwacht_fouten = _in_een_proces(parquet)
    een_proces, cpu = time.perf_counter() - t, time.process_time() - cpu
    per_kern = f", {AANTAL / cpu_spark:.0f}/s per seconde CPU" if cpu_spark else ""
    print(f"\n{AANTAL} casussen in {PARTITIES} partities: Spark local[2] {in_spark:.1f} s "
          f"({AANTAL / in_spark:.0f}/s{per_kern}); één proces {een_proces:.1f} s "
          f"({AANTAL / een_proces:.0f}/s, {AANTAL / cpu:.0f}/s per seconde CPU)")

    assert aantallen == dict(verwacht_aantallen)
    assert sommen == verwacht_sommen
    assert fouten == verwacht_fouten == 0
    # Elke casus een rij per voorziening, en de uitkomsten gevarieerd: elke voorziening met een
    # bedrag heeft er minstens drie, en elk bedrag telt op tot meer dan nul.
    assert sum(aantallen.values()) == AANTAL * len({vz for vz, _ in aantallen})
    for vz, _ in BEDRAGEN:
        assert len({uk for v, uk in aantallen if v == vz}) >= 3, vz
    for vz, naam in BEDRAGEN:
        assert sum(s for (v, _, n), s in sommen.items() if (v, n) == (vz, naam)) > 0, (vz, naam)


def test_het_voorbeeld_in_de_documentatie(spark, capsys):
    """Het Spark-voorbeeld van docs/python.md draait zoals het er staat, en drukt de tabel af
    die eronder staat."""
    from conftest import WORTEL

    tekst = (WORTEL / "docs" / "python.md").read_text(encoding="utf-8")
    deel = tekst[tekst.index("## Met Apache Spark"):]
    code = deel[deel.index("```python\n") + len("```python\n"):]
    code = code[:code.index("```\n")]
    verwacht = [r[2:] for r in code.splitlines() if r.startswith("# +") or r.startswith("# |")]
    assert len(verwacht) == 6
    try:
        exec(compile(code, "docs/python.md", "exec"), {})
    finally:
        shutil.rmtree(WORTEL / "clienten.parquet", ignore_errors=True)
        (WORTEL / "clienten.parquet").unlink(missing_ok=True)
    assert capsys.readouterr().out.rstrip("\n").splitlines() == verwacht
