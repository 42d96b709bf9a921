"""De Python-module naast de tekst en naast `verordening eval --format json`.

De verwachte uitkomsten van de eerste tests zijn met de hand afgeleid uit de tekst; de citaten
staan erbij. De laatste test beoordeelt elke meegeleverde testcasus met de module en met de
opdrachtregel en eist hetzelfde rapport.
"""

import json
import pathlib
import shutil
import subprocess

import pyarrow as pa
import pytest
import yaml

from verordening import Regeling, VerordeningFout

from conftest import WORTEL, cli

VOORBEELD = "ordinances/voorbeeld/voorbeeldstad-2023.vo"


def vz(rapport, naam):
    return next(v for v in rapport["voorzieningen"] if v["naam"] == naam)


def jobcoaching_casus(peildatum="2023-09-01", **extra):
    casus = {
        "peildatum": peildatum,
        "feiten": {
            "persoon.doelgroep": True,
            "persoon.arbeidsbeperking": True,
            "persoon.leeftijd": "30 jaar",
            "dienstbetrekking.ingangsdatum": "2023-08-01",
            "aanvraag.datum": "2023-09-15",
            "dienstbetrekking.duur": "12 maanden",
            "dienstbetrekking.uren_per_week": 32,
            "dienstbetrekking.jaar": 1,
            "dienstbetrekking.uren_taken_per_jaar": "1.600 uur",
        },
        "oordelen": {
            "ondersteuning_nodig": True,
            "arbo_taak": False,
            "proportioneel": True,
        },
    }
    casus["feiten"].update(extra)
    return casus


# Artikel 14h, tweede lid (Voorbeeldstad: jaarpercentages): "in de eerste drie jaar ... voor een
# aantal uren dat maximaal overeenkomt met respectievelijk 15%, 10%, 5% van het aantal uren dat
# de aan de persoon opgedragen taken in beslag nemen": 15% van 1.600 uur is 240 uur. Artikel
# 14g, eerste lid: aangevraagd binnen 8 weken na 1 augustus 2023, dus uiterlijk 26 september.
def test_jobcoaching_naar_de_tekst():
    r = Regeling(VOORBEELD).beoordeel(jobcoaching_casus())
    jc = vz(r, "jobcoaching")
    assert jc["uitkomst"] == "bevoegd"
    assert jc["grond"]["citaat"] == "artikel 14h, eerste lid"
    assert jc["waarden"]["maximum_uren"] == "240 uur"
    assert jc["waarden"]["aanvraag_uiterlijk"] == "26 september 2023"


# Artikel 14g, eerste lid: een aanvraag na 26 september 2023 is te laat, "tenzij" de noodzaak
# toen nog niet bekend kon zijn; oordeelt het college van niet, dan geweigerd op grond van dat lid.
def test_jobcoaching_te_laat_aangevraagd():
    casus = jobcoaching_casus(**{"aanvraag.datum": "2023-09-27"})
    casus["oordelen"]["noodzaak_nog_niet_bekend"] = False
    r = Regeling(VOORBEELD).beoordeel(casus)
    jc = vz(r, "jobcoaching")
    assert jc["uitkomst"] == "geweigerd"
    assert jc["grond"]["citaat"] == "artikel 14g, eerste lid"


# Artikel 14, eerste lid (Voorbeeldstad): "50% van vrijlating_premie afgerond naar beneden op
# € 1"; de vrijlating is € 2.699,00 (artikel 31, tweede lid, onder j, van de wet): € 1.349.
def test_uitstroompremie_bedrag():
    r = Regeling(VOORBEELD).beoordeel({"peildatum": "2023-09-01", "feiten": {}, "oordelen": {}})
    assert vz(r, "uitstroompremie")["waarden"]["bedrag"] == "€ 1.349"


# Een ontbrekend gegeven is geen fout: de uitkomst is onbepaald en noemt wat ontbreekt.
def test_ontbrekend_gegeven_is_onbepaald():
    casus = jobcoaching_casus()
    del casus["feiten"]["persoon.arbeidsbeperking"]
    jc = vz(Regeling(VOORBEELD).beoordeel(casus), "jobcoaching")
    assert jc["uitkomst"] == "onbepaald"
    assert {"naam": "persoon.arbeidsbeperking", "soort": "feit"} in jc["ontbreekt"]


def test_een_onbekend_feit_geeft_de_code_en_de_plaats():
    casus = jobcoaching_casus(**{"persoon.schoenmaat": 44})
    with pytest.raises(VerordeningFout) as e:
        Regeling(VOORBEELD).beoordeel(casus)
    assert e.value.code == "vo::casus"
    assert e.value.bestand == "<casus>"
    assert e.value.regel >= 1 and e.value.kolom >= 1


def test_een_regeling_met_fouten_geeft_de_code_en_de_plaats(tmp_path):
    pad = tmp_path / "kapot.vo"
    pad.write_text('verordening "Kapot" {\n  gemeente "X"\n  onzin\n}\n', encoding="utf-8")
    with pytest.raises(VerordeningFout) as e:
        Regeling(str(pad))
    assert e.value.code.startswith("vo::")
    assert e.value.bestand.endswith("kapot.vo")
    assert e.value.regel >= 1


def test_batch_een_rij_per_casus_en_voorziening():
    tabel = pa.table({
        "id": ["a", "b"],
        "peildatum": ["2023-09-01", "2023-09-01"],
        "persoon.doelgroep": [True, True],
        "persoon.arbeidsbeperking": [True, None],
        "dienstbetrekking.jaar": [1, 2],
        "dienstbetrekking.uren_taken_per_jaar": ["1.600 uur", "1.600 uur"],
    })
    uit = Regeling(VOORBEELD).beoordeel_batch(tabel)
    rijen = [r for r in uit.to_pylist() if r["voorziening"] == "jobcoaching"]
    assert [r["id"] for r in rijen] == ["a", "b"]
    # 15% en 10% van 1.600 uur (artikel 14h, tweede lid).
    assert json.loads(rijen[0]["waarden"])["maximum_uren"] == "240 uur"
    assert json.loads(rijen[1]["waarden"])["maximum_uren"] == "160 uur"
    assert "persoon.arbeidsbeperking" in rijen[1]["ontbreekt"]


def test_batch_een_kapotte_rij_stopt_de_rest_niet():
    tabel = pa.table({"peildatum": ["2023-09-01", "2023-09-01"], "persoon.schoenmaat": [None, 44]})
    uit = Regeling(VOORBEELD).beoordeel_batch(tabel).to_pylist()
    assert all(r["fout"] is None for r in uit if r["rij"] == 0)
    fout = [r for r in uit if r["rij"] == 1]
    assert len(fout) == 1 and fout[0]["fout"].startswith("vo::casus")


# De vraag van een analist: wat als het percentage van het eerste jaar 20% wordt? 20% van
# 1.600 uur is 320 uur; het tweede jaar (10%) blijft 160 uur.
def test_verschil_bij_een_ander_percentage():
    # Binnen de projectmap (de hoofdmap): een regeling mag geen lagen buiten haar map lezen.
    tmp_path = WORTEL / "target" / "python-tests" / "verschil"
    shutil.rmtree(tmp_path, ignore_errors=True)
    for d in ("voorbeeld", "vng", "wet"):
        shutil.copytree(WORTEL / "ordinances" / d, tmp_path / d)
    nieuw = tmp_path / "voorbeeld" / "voorbeeldstad-2023.vo"
    tekst = nieuw.read_text(encoding="utf-8")
    assert "15%, 10%, 5%" in tekst
    nieuw.write_text(tekst.replace("15%, 10%, 5%", "20%, 10%, 5%"), encoding="utf-8")
    tabel = pa.table({
        "id": ["jaar 1", "jaar 2"],
        "peildatum": ["2023-09-01", "2023-09-01"],
        "dienstbetrekking.jaar": [1, 2],
        "dienstbetrekking.uren_taken_per_jaar": ["1.600 uur", "1.600 uur"],
    })
    v = Regeling(VOORBEELD).verschil(Regeling(str(nieuw)), tabel).to_pylist()
    assert v == [{
        "rij": 0, "id": "jaar 1", "voorziening": "jobcoaching", "veld": "maximum_uren",
        "oud": "240 uur", "nieuw": "320 uur",
    }]


HAVENDAM = "ordinances/havendam/sociaal-domein-2024.vo"


# Artikel 4.2.3, tweede lid, van Havendam: "dan biedt het college haar aan aan de persoon die het
# langst op de wachtlijst staat en geschikt is voor de plek". De Vries staat het langst op de
# lijst maar is niet geschikt; van de geschikten staat Öztürk (de derde) het langst.
def test_een_wachtlijst_als_lijst_van_dicts():
    casus = {
        "peildatum": "2024-03-01",
        "feiten": {"wachtlijst": [
            {"naam": "Jansen", "ingeschreven_op": "2023-02-01", "geschikt": True, "urgentie": 1},
            {"naam": "De Vries", "ingeschreven_op": "2022-11-15", "geschikt": False, "urgentie": 3},
            {"naam": "Öztürk", "ingeschreven_op": "2023-01-10", "geschikt": True, "urgentie": 2},
        ]},
    }
    aanbod = vz(Regeling(HAVENDAM).beoordeel(casus), "aanbod_participatieplaats")
    assert aanbod["uitkomst"] == "plicht"
    assert aanbod["waarden"]["aan"] == "Öztürk"
    [k] = aanbod["gekozen"]
    assert (k["naam"], k["uitkomst"], k["vermelding"], k["voldoen"]) == ("kandidaat", "gekozen", 3, 2)


# Een tabel met de wachtlijst als kolom van lijsten van records (pyarrow list<struct>), de data
# als datums: rij a kiest Öztürk als hierboven; rij b heeft een lege lijst, dus geen geschikte
# persoon (derde lid: geweigerd); rij c geeft de lijst niet (onbepaald, de lijst ontbreekt).
def test_batch_met_een_lijst_als_kolom():
    import datetime as dt
    persoon = pa.struct([("naam", pa.string()), ("ingeschreven_op", pa.date32()),
                         ("geschikt", pa.bool_()), ("urgentie", pa.int64())])
    lijst = [
        [{"naam": "Jansen", "ingeschreven_op": dt.date(2023, 2, 1), "geschikt": True, "urgentie": 1},
         {"naam": "De Vries", "ingeschreven_op": dt.date(2022, 11, 15), "geschikt": False, "urgentie": 3},
         {"naam": "Öztürk", "ingeschreven_op": dt.date(2023, 1, 10), "geschikt": True, "urgentie": 2}],
        [],
        None,
    ]
    tabel = pa.table({
        "id": ["a", "b", "c"],
        "peildatum": ["2024-03-01"] * 3,
        "wachtlijst": pa.array(lijst, pa.list_(persoon)),
    })
    rijen = [r for r in Regeling(HAVENDAM).beoordeel_batch(tabel).to_pylist()
             if r["voorziening"] == "aanbod_participatieplaats"]
    assert [(r["id"], r["uitkomst"]) for r in rijen] == [
        ("a", "plicht"), ("b", "geweigerd"), ("c", "onbepaald")]
    assert json.loads(rijen[0]["waarden"])["aan"] == "Öztürk"
    assert rijen[1]["grond"] == "artikel 4.2.3, derde lid"
    assert rijen[2]["ontbreekt"] == ["wachtlijst"]


def shipped_cases():
    for bestand in sorted((WORTEL / "ordinances").rglob("*.test.yaml")):
        doc = yaml.safe_load(bestand.read_text(encoding="utf-8"))
        regeling = (bestand.parent / doc["regeling"]).relative_to(WORTEL)
        for i, c in enumerate(doc.get("casussen", [])):
            casus = {k: c[k] for k in ("peildatum", "aanvraagdatum", "feiten", "oordelen") if k in c}
            yield pytest.param(str(regeling), casus, id=f"{bestand.name}:{i}")


def _json(v):
    return v.isoformat() if hasattr(v, "isoformat") else str(v)


@pytest.mark.parametrize("regeling,casus", list(shipped_cases()))
def test_gelijk_aan_de_opdrachtregel(regeling, casus, tmp_path):
    pad = tmp_path / "casus.json"
    pad.write_text(json.dumps(casus, default=_json), encoding="utf-8")
    p = subprocess.run([cli(), "eval", regeling, str(pad), "--format", "json"],
                       capture_output=True, text=True)
    r = _regeling(regeling)
    if p.returncode != 0:
        with pytest.raises(VerordeningFout):
            r.beoordeel(json.loads(pad.read_text(encoding="utf-8")))
        return
    assert r.beoordeel(json.loads(pad.read_text(encoding="utf-8"))) == json.loads(p.stdout)


_geladen = {}


def _regeling(pad):
    if pad not in _geladen:
        _geladen[pad] = Regeling(pad)
    return _geladen[pad]
