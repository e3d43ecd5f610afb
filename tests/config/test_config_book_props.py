"""Properties of the workbook form: any valid block.toml gives the same Block through a workbook;
the layout holds every key of the schema exactly once; a cell gives back the value it was
written from."""
import tempfile
import tomllib
from datetime import date, datetime, time
from pathlib import Path

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from processor.config import parse_block
from processor.config.block import load_block
from processor.config.cells import from_cell, to_cell
from processor.config.compare import differences
from processor.config.layout import Field, Heading, fold, places, sheets
from processor.config.schema import (BLOCK_FILE, KIND, RATING_AWARD, ROTATION_RULES, ROUNDINGS,
                                     SIGNER_ROLES, UNITS)
from processor.config.spec import (Array, Boolean, Day, Integer, ListOf, Moment, Number, Table,
                                   Text)
from processor.report.config_book import write_config_book

LETTERS = "abcdđeêghiklmnoôơpqrstuưvxyAĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXYàáảãạằắẳẵặầấẩẫậèéẻẽẹ"
names = st.text(LETTERS + " ,-&()", min_size=1, max_size=24).filter(
    lambda t: t.strip() and not t.lstrip().startswith(("-", "&", ",")))
codes = st.from_regex(r"[A-Z][A-Z0-9]{0,4}", fullmatch=True)
points = st.one_of(st.integers(1, 40), st.decimals("0.25", "40", places=2).map(float))
moments = st.datetimes(datetime(2019, 1, 1), datetime(2030, 12, 31)).map(
    lambda d: d.replace(microsecond=0))


@st.composite
def raw_configs(draw) -> dict:
    """A valid raw block.toml: a few units, sections and criteria, optional keys here and there."""
    units = draw(st.lists(codes, min_size=2, max_size=4, unique=True))
    sections, crit_codes = [], []
    for s in range(draw(st.integers(1, 3))):
        code = "I" * (s + 1)
        criteria = []
        for j in range(draw(st.integers(1, 3))):
            c = {"code": f"{code}.{j + 1}", "text": draw(names), "max": draw(points)}
            if draw(st.booleans()):
                c["kind"] = draw(st.sampled_from(KIND.values))
            if draw(st.booleans()):
                c["evidence_required"] = draw(st.booleans())
            criteria.append(c)
            crit_codes.append(c["code"])
        section = {"code": code, "title": draw(names), "criteria": criteria}
        if draw(st.booleans()):
            section["kind"] = draw(st.sampled_from(KIND.values))
        sections.append(section)
    block = {"id": draw(codes).lower(), "name": draw(names), "year": draw(st.integers(1990, 2100)),
             "province": draw(names), "chair": draw(st.sampled_from(units))}
    optional = {
        "deputy": st.sampled_from(units),
        "deadline": st.one_of(moments, moments.map(lambda d: d.date()),
                              moments.map(lambda d: datetime.combine(d.date(), time(0)))),
        "meeting_date": st.dates(date(2019, 1, 1), date(2030, 12, 31)),
        "timezone": st.sampled_from(["Asia/Ho_Chi_Minh", "Asia/Bangkok", "Europe/Paris"]),
        "issuing_body": st.one_of(st.lists(names, min_size=1, max_size=3),
                                  st.lists(names, min_size=1, max_size=3).map("\n".join)),
        "contact": names, "secretary": names, "note": names, "place": names,
        "recipients": st.one_of(st.lists(names, min_size=1, max_size=3),
                                st.lists(names, min_size=1, max_size=3).map("\n".join)),
        "signers": st.lists(st.sampled_from(SIGNER_ROLES), max_size=3, unique=True).flatmap(
            lambda roles: st.tuples(*[st.fixed_dictionaries(
                {"role": st.just(r), "name": names}, optional={"title": names})
                for r in roles]).map(list)),
    }
    for key, strategy in optional.items():
        if draw(st.booleans()):
            block[key] = draw(strategy)
    raw_units = []
    for code in units:
        unit = {"code": code, "name": draw(names)}
        if draw(st.booleans()):
            unit["short_name"] = draw(names)
        if draw(st.booleans()):
            unit["emails"] = [f"{code.lower()}{i}@x.gov.vn" for i in range(draw(st.integers(1, 2)))]
        if draw(st.booleans()):
            unit["not_applicable"] = draw(st.lists(st.sampled_from(crit_codes), max_size=2,
                                                   unique=True))
        if draw(st.booleans()):
            unit["aliases"] = draw(st.lists(names, min_size=1, max_size=2, unique=True))
        raw_units.append(unit)
    merit = {"min_score": draw(points)}
    if draw(st.booleans()):
        merit["count"] = draw(st.integers(0, 3))
    else:
        merit["fraction"] = draw(st.decimals("0", "1", places=2).map(float))
        merit["rounding"] = draw(st.sampled_from(ROUNDINGS))
    awards = {"flag": {"count": draw(st.integers(0, 2)), "min_score": draw(points)},
              "merit": merit,
              "tie_breakers": draw(st.lists(st.sampled_from(["bonus", "base", "fewer_deductions",
                                                             "section:I"]), unique=True)),
              "exclusions": [{"unit": u, "reason": draw(names)}
                             for u in draw(st.lists(st.sampled_from(units), max_size=1))]}
    raw = {"block": block, "units": raw_units, "sections": sections, "awards": awards}
    if draw(st.booleans()):
        raw["review"] = {"verification": draw(st.booleans())}
    if draw(st.booleans()):
        raw["rotation"] = {"order": draw(st.permutations(units)),
                           "rule": draw(st.sampled_from(ROTATION_RULES))}
    if draw(st.booleans()):
        raw["eligibility"] = {"require_rating": True,
                              "awards": draw(st.lists(st.sampled_from(RATING_AWARD.values),
                                                      min_size=1, unique=True)),
                              "ratings": {u: draw(names) for u in units}}
    if draw(st.booleans()):
        raw["history"] = {"aliases": {draw(names): units[0]}, "next_chair": units[-1]}
    if draw(st.booleans()):
        raw["ballots"] = {"quorum": draw(st.sampled_from(["2/3", "60%", 0.5, "more_than_half"]))}
    return raw


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=raw_configs())
def test_toml_through_a_workbook_gives_the_same_block(raw):
    from_toml = parse_block(tomllib.loads(tomli_w.dumps(raw)), source="block.toml")
    with tempfile.TemporaryDirectory() as tmp:
        path = write_config_book(tomllib.loads(tomli_w.dumps(raw)), Path(tmp) / "k.xlsx",
                                 datetime(2021, 1, 1))
        from_book = load_block(path)
    assert differences(from_toml, from_book) == []


# --- the layout is the schema --------------------------------------------------------------

def _leaves(table: Table, path: tuple):
    for key in table.keys:
        sub = path + (key.name,)
        if isinstance(key.type, Table):
            yield from _leaves(key.type, sub)
        elif isinstance(key.type, Array):
            yield from _leaves(key.type.table, sub)
        else:
            yield sub, key


def test_every_key_of_the_schema_has_one_place_in_the_workbook():
    where = places()
    for path, key in _leaves(BLOCK_FILE, ()):
        assert path in where, path
        assert key.label_vi, f"{'.'.join(path)} needs label_vi"
    shown = []
    for sheet in sheets():
        shown += [r.path for r in sheet.rows if isinstance(r, Field)]
        for grid in sheet.grids:
            if grid.is_map:
                shown.append(grid.path)
                continue
            shown += [grid.path + ((grid.inner,) if c.level else ()) + c.path for c in grid.columns]
    leaves = [p for p, _ in _leaves(BLOCK_FILE, ())]
    assert sorted(shown) == sorted(leaves)          # each once, nothing else


def test_labels_are_unique_where_they_are_looked_up():
    for sheet in sheets():
        labels = [fold(r.label) for r in sheet.rows]
        titles = [fold(g.title) for g in sheet.grids if g.title]
        assert len(set(labels + titles)) == len(labels + titles), sheet.name
        for grid in sheet.grids:
            headers = [fold(c.label) for c in grid.columns]
            assert len(set(headers)) == len(headers), grid.path
    assert len({fold(s.name) for s in sheets()}) == len(sheets())
    assert all(isinstance(r, (Field, Heading)) for s in sheets() for r in s.rows)


# --- a cell gives back what it was written from ----------------------------------------------

SCALARS = [
    (Integer(lo=0), st.integers(0, 2**53 - 1)),
    (Number(lo=0), st.floats(0, 1e12, allow_nan=False).map(lambda x: float(f"{x:.15g}"))),
    (Boolean(), st.booleans()),
    (KIND, st.sampled_from(KIND.values)),
    (Day(), st.dates()),
    (Moment(), st.datetimes(datetime(1900, 3, 1)).map(lambda d: d.replace(microsecond=0))),
    (Text(normalize=True), names),
    (UNITS.by_name["not_applicable"].type,
     st.lists(st.from_regex(r"[A-Z]{1,3}\.\d", fullmatch=True), min_size=1)),
    (UNITS.by_name["aliases"].type, st.lists(names, min_size=1)),
]


def as_read(cell):
    """What python-calamine gives back for a cell written with this value: numbers as floats,
    a date-time at midnight as a date (measured on calamine 0.9)."""
    if isinstance(cell, bool) or not isinstance(cell, (int, datetime)):
        return cell
    if isinstance(cell, int):
        return float(cell)
    return cell.date() if cell.time() == time(0) else cell


@settings(max_examples=80, deadline=None)
@given(data=st.data())
def test_a_cell_reads_back_as_the_value_written(data):
    kind, strategy = data.draw(st.sampled_from(SCALARS))
    value = data.draw(strategy)
    back = from_cell(kind, as_read(to_cell(kind, value)))
    if isinstance(kind, ListOf):
        assert [kind.item.convert(x) for x in back] == [kind.item.convert(x) for x in value]
    else:
        assert kind.convert(back) == kind.convert(value)
