"""SQL lives in storage/ only, and no statement is built from data at run time: values
always go as parameters. Read from the source, so a new violation fails here."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CODE = sorted(p for d in ("bot", "handlers", "storage") for p in (REPO / d).rglob("*.py"))
SQL_CALLS = {"execute", "executemany", "executescript"}


def _sql_calls(tree: ast.AST) -> list[ast.Call]:
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in SQL_CALLS
    ]


def _constant_text(node: ast.expr) -> bool:
    """Text fixed when the code was written: literals, UPPER_CASE module constants, and
    f-strings or + joins of those only."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return True
    if isinstance(node, ast.Name):
        return node.id.isupper() or node.id.lstrip("_").isupper()
    if isinstance(node, ast.JoinedStr):
        return all(
            isinstance(v, ast.Constant)
            or (isinstance(v, ast.FormattedValue) and _constant_text(v.value))
            for v in node.values
        )
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _constant_text(node.left) and _constant_text(node.right)
    if isinstance(node, ast.Subscript):  # a fixed table of statements, indexed
        return isinstance(node.value, ast.Name) and _constant_text(node.value)
    return False


@pytest.mark.parametrize("path", CODE, ids=lambda p: str(p.relative_to(REPO)))
def test_statements_are_fixed_text_with_values_as_parameters(path: Path) -> None:
    tree = ast.parse(path.read_text("utf-8"))
    bad = [
        f"{path.name}:{call.lineno}:{ast.unparse(call.args[0])}"
        for call in _sql_calls(tree)
        if call.args and not _constant_text(call.args[0])
    ]
    # The migration runner runs the bundled .sql files statement by statement, and a
    # savepoint's statements come from a fixed table: text shipped with the code.
    allowed = {"statement", "begin", "rollback", "release"}
    assert [b for b in bad if not (path.name == "db.py" and b.split(":")[2] in allowed)] == []


OUTSIDE_STORAGE = [
    p for p in CODE if "storage" not in p.relative_to(REPO).parts and "transports" not in p.parts
]


@pytest.mark.parametrize("path", OUTSIDE_STORAGE, ids=lambda p: str(p.relative_to(REPO)))
def test_no_sql_outside_storage(path: Path) -> None:
    tree = ast.parse(path.read_text("utf-8"))
    assert _sql_calls(tree) == [], path


def test_the_check_itself_rejects_a_statement_built_from_data() -> None:
    tree = ast.parse('conn.execute(f"SELECT * FROM orders WHERE id = {order_id}")')
    assert not _constant_text(_sql_calls(tree)[0].args[0])
    tree = ast.parse('conn.execute("SELECT * FROM t WHERE x = \'" + text + "\'")')
    assert not _constant_text(_sql_calls(tree)[0].args[0])
    tree = ast.parse('conn.execute(f"SELECT {_COLUMNS} FROM t WHERE x = ?", (x,))')
    assert _constant_text(_sql_calls(tree)[0].args[0])
