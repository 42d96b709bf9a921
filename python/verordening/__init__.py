"""Regelingen in de regeltaal `verordening` beoordelen vanuit Python.

    from verordening import Regeling
    r = Regeling("ordinances/voorbeeld/voorbeeldstad-2023.vo")
    rapport = r.beoordeel({"peildatum": "2023-09-01", "feiten": {...}, "oordelen": {...}})

`beoordeel` geeft hetzelfde rapport als `verordening eval --format json`; `beoordeel_batch`
beoordeelt een pyarrow-tabel (een rij per casus) en `verschil` zet twee regelingen naast elkaar
over dezelfde tabel. Zie docs/python.md.
"""

from __future__ import annotations

import json
from typing import Any, Iterable

import pyarrow as pa
import pyarrow.compute as pc

from . import _native

__all__ = ["Regeling", "VerordeningFout", "UITVOER"]

# De vorm van wat `beoordeel_batch` teruggeeft: voor elke regeling dezelfde (de waarden van een
# voorziening staan als JSON-tekst in één kolom), zodat Spark haar vooraf kent (verordening.spark).
UITVOER = pa.schema([
    ("rij", pa.int64()),
    ("id", pa.string()),
    ("peildatum", pa.string()),
    ("voorziening", pa.string()),
    ("uitkomst", pa.string()),
    ("grond", pa.string()),
    ("waarden", pa.string()),
    ("ontbreekt", pa.list_(pa.string())),
    ("fout", pa.string()),
])


class VerordeningFout(Exception):
    """Een melding van de regeling of de casus, met haar code (`vo::...`) en plaats."""

    def __init__(self, code: str, bericht: str, bestand: str = "", regel: int = 0, kolom: int = 0):
        plaats = f" ({bestand}:{regel}:{kolom})" if bestand else ""
        super().__init__(f"{code}: {bericht}{plaats}")
        self.code = code
        self.bericht = bericht
        self.bestand = bestand
        self.regel = regel
        self.kolom = kolom


def _fout(e: BaseException) -> VerordeningFout:
    args = getattr(e, "args", ())
    if len(args) == 1 and isinstance(args[0], tuple):
        args = args[0]
    return VerordeningFout(*args)


# Kolommen van een tabel die geen feit of oordeel zijn.
_KOP = ("id", "peildatum", "aanvraagdatum")


def _waarde(v: Any) -> Any:
    """Een waarde uit een tabel zoals een casusbestand haar schrijft."""
    if v is None:
        return None
    if hasattr(v, "isoformat") and not isinstance(v, str):
        return v.isoformat()[:10]
    return v


class Regeling:
    """Een regeling: een .vo-bestand, of een map met versies (per casus de versie die op haar
    peildatum geldt). Een regeling met fouten geeft `VerordeningFout` met de eerste fout."""

    def __init__(self, pad: str):
        self.pad = str(pad)
        try:
            self._r = _native.Regeling(self.pad)
        except _native.Fout as e:
            raise _fout(e) from None
        self._soorten: dict[str, str] | None = None

    def __repr__(self) -> str:
        return f"Regeling({self.pad!r})"

    # ------------------------------------------------------------------ één casus

    def beoordeel(self, casus: dict) -> dict:
        """Beoordeel een casus (`peildatum`, `feiten`, `oordelen`): het rapport als dict, in de
        vorm van `verordening eval --format json`."""
        try:
            return json.loads(self._r.beoordeel_json(json.dumps(casus, default=_waarde)))
        except _native.Fout as e:
            raise _fout(e) from None

    # ------------------------------------------------------------------ tabellen

    def invoer(self) -> dict[str, str]:
        """Welke feiten en oordelen de regeling leest: naam -> "feit" of "oordeel"."""
        if self._soorten is None:
            self._soorten = dict(self._r.invoer())
        return self._soorten

    def _casus(self, rij: dict) -> dict:
        soorten = self.invoer()
        casus: dict[str, Any] = {"feiten": {}, "oordelen": {}}
        for k, v in rij.items():
            if k == "id":
                continue  # alleen voor de uitvoer; een casus zelf heeft geen id
            if k in _KOP:
                if v is not None:
                    casus[k] = _waarde(v)
            elif v is not None:
                # Een kolom die de regeling niet kent, gaat naar de feiten: de casus geeft dan
                # de melding vo::casus met haar naam.
                deel = "oordelen" if soorten.get(k) == "oordeel" else "feiten"
                casus[deel][k] = _waarde(v)
        return casus

    def beoordeel_batch(self, tabel: pa.Table) -> pa.Table:
        """Beoordeel elke rij van een pyarrow-tabel als casus. Kolommen: `peildatum`
        (verplicht), eventueel `id` en `aanvraagdatum`, en een kolom per feit of oordeel met
        zijn naam (`persoon.doelgroep`, `verdringing`); een lege cel is een ontbrekend gegeven.

        Uit: een tabel met een rij per casus en voorziening: `rij`, `id`, `peildatum`,
        `voorziening`, `uitkomst`, `grond`, `waarden` (JSON-tekst: naam -> waarde zoals het
        rapport haar schrijft), `ontbreekt` (de namen) en `fout` (de melding als de rij geen
        geldige casus is)."""
        delen = [self._blok(tabel.slice(b, _BLOK), b) for b in range(0, tabel.num_rows, _BLOK)]
        if not delen:
            return UITVOER.empty_table()
        return pa.concat_tables(delen) if len(delen) > 1 else delen[0]

    def _blok(self, tabel: pa.Table, begin: int) -> pa.Table:
        rijen = tabel.to_pylist()
        teksten = [json.dumps(self._casus(r), default=_waarde) for r in rijen]
        try:
            (rij, peildatum, voorziening, uitkomst, grond, waarden, ontbreekt, namen,
             fouten) = self._r.beoordeel_rijen(teksten)
        except _native.Fout as e:
            raise _fout(e) from None
        n = len(rij) // 8
        rij = pa.Array.from_buffers(pa.int64(), n, [None, pa.py_buffer(rij)])
        peildatum = _kolom(peildatum)
        fout = pa.nulls(n, pa.string())
        if fouten:
            # Een rij met een fout: de melding, en de peildatum zoals de invoer haar geeft.
            tekst: list = [None] * n
            datum: list = [None] * n
            for j, e in fouten:
                tekst[j] = str(_fout(e))
                datum[j] = _tekst(rijen[rij[j].as_py()].get("peildatum"))
            fout = pa.array(tekst, pa.string())
            peildatum = pc.coalesce(peildatum, pa.array(datum, pa.string()))
        ids = pa.array([_tekst(r.get("id")) for r in rijen], pa.string())
        lengte, leeg, geldig, offsets, _ = ontbreekt
        ontbreekt = pa.Array.from_buffers(
            pa.list_(pa.string()), lengte,
            [pa.py_buffer(geldig) if leeg else None, pa.py_buffer(offsets)],
            null_count=leeg, children=[_kolom(namen)])
        kolommen = {
            "rij": pc.add(rij, begin) if begin else rij, "id": ids.take(rij),
            "peildatum": peildatum,
            "voorziening": _kolom(voorziening), "uitkomst": _kolom(uitkomst),
            "grond": _kolom(grond), "waarden": _kolom(waarden), "ontbreekt": ontbreekt,
            "fout": fout,
        }
        return pa.Table.from_arrays([kolommen[f.name] for f in UITVOER], schema=UITVOER)

    def verschil(self, andere: "Regeling", tabel: pa.Table) -> pa.Table:
        """Het verschil in gedrag: elke casus van de tabel naar deze regeling (oud) en naar
        `andere` (nieuw). Uit: een rij per verschil, met `rij`, `id`, `voorziening`, `veld`
        (`uitkomst`, `grond` of de naam van een waarde), `oud` en `nieuw`."""
        oud = self.beoordeel_batch(tabel).to_pylist()
        nieuw = andere.beoordeel_batch(tabel).to_pylist()
        sleutel = lambda r: (r["rij"], r["voorziening"])  # noqa: E731
        a = {sleutel(r): r for r in oud}
        b = {sleutel(r): r for r in nieuw}
        uit: dict[str, list] = {k: [] for k in ("rij", "id", "voorziening", "veld", "oud", "nieuw")}

        def voeg(rij, id_, vz, veld, x, y):
            for k, v in zip(uit, (rij, id_, vz, veld, x, y)):
                uit[k].append(v)

        for k in sorted(set(a) | set(b), key=lambda k: (k[0], k[1] or "")):
            x, y = a.get(k), b.get(k)
            rij, vz = k
            id_ = (x or y)["id"]
            if x is None or y is None:
                voeg(rij, id_, vz, "voorziening", None if x is None else "bestaat",
                     None if y is None else "bestaat")
                continue
            for veld in ("uitkomst", "grond", "fout"):
                if x[veld] != y[veld]:
                    voeg(rij, id_, vz, veld, x[veld], y[veld])
            wx = json.loads(x["waarden"] or "{}")
            wy = json.loads(y["waarden"] or "{}")
            for naam in list(dict.fromkeys([*wx, *wy])):
                if wx.get(naam) != wy.get(naam):
                    voeg(rij, id_, vz, naam, wx.get(naam), wy.get(naam))
        return pa.table({
            "rij": pa.array(uit["rij"], pa.int64()),
            "id": pa.array(uit["id"], pa.string()),
            "voorziening": pa.array(uit["voorziening"], pa.string()),
            "veld": pa.array(uit["veld"], pa.string()),
            "oud": pa.array(uit["oud"], pa.string()),
            "nieuw": pa.array(uit["nieuw"], pa.string()),
        })


# Zoveel casussen gaan per keer naar Rust: de kolommen die terugkomen blijven ver onder de 2 GB
# van de offsets van Arrow.
_BLOK = 50_000


def _kolom(delen) -> pa.Array:
    """Een kolom van teksten uit de buffers die `beoordeel_rijen` geeft (geen Python-object per
    cel): (lengte, aantal lege cellen, bitmap, offsets, bytes)."""
    lengte, leeg, geldig, offsets, data = delen
    return pa.Array.from_buffers(
        pa.string(), lengte,
        [pa.py_buffer(geldig) if leeg else None, pa.py_buffer(offsets), pa.py_buffer(data)],
        null_count=leeg)


def _tekst(v: Any) -> str | None:
    if v is None:
        return None
    return str(_waarde(v))
