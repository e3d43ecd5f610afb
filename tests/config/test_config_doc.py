"""docs/config.md is generated from the schema and says every key."""
from pathlib import Path

from processor.config.doc import markdown
from processor.config.schema import BLOCK_FILE
from processor.config.spec import Array, Table

DOC = Path(__file__).resolve().parents[2] / "docs" / "config.md"


def test_docs_match_the_schema():
    assert DOC.read_text(encoding="utf-8") == markdown(), \
        "run: python -m processor.config.doc > docs/config.md"


def _keys(table: Table, path: str):
    for key in table.keys:
        yield path, key
        sub = f"{path}.{key.name}" if path else key.name
        if isinstance(key.type, Table):
            yield from _keys(key.type, sub)
        elif isinstance(key.type, Array):
            yield from _keys(key.type.table, sub)


def test_every_key_has_a_row_with_both_meanings_and_an_example():
    text = markdown()
    for path, key in _keys(BLOCK_FILE, ""):
        assert key.vi and key.en, f"{path}.{key.name} needs its meaning in vi and en"
        if not path:
            assert f"- [`[{key.name}]" in text or f"- [`[[{key.name}]]" in text
            continue
        assert f"| `{key.name}` |" in text and key.vi in text and key.en in text
        if not isinstance(key.type, (Table, Array)):
            assert key.example, f"{path}.{key.name} needs an example"
            assert f"`{key.name} = {key.example}`" in text


def test_the_reference_is_linked_from_the_readme():
    readme = (DOC.parents[1] / "README.md").read_text(encoding="utf-8")
    assert "(docs/config.md)" in readme


def test_every_key_says_where_it_sits_in_the_workbook():
    from processor.config.layout import places

    text = markdown()
    where = places()
    assert "## Cấu hình bằng bảng tính" in text
    for path, key in _keys(BLOCK_FILE, ""):
        if not path:
            continue
        place = where[tuple(f"{path}.{key.name}".split("."))]
        assert f"| `{key.name}` |" in text and f" | {place} |" in text, (path, key.name)
