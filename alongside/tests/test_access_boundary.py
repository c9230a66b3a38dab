"""What review enforces, a test enforces: views, API modules and WebSocket consumers never fetch
a protected object by id themselves. They ask their app's `access.py`, which applies the one
rule for who may see it (and logs the look where the rule says so).

Protected: every model that holds or points at a person's data (the privacy registry's models).
A fetch by id is a `.get(…)` or `.filter(…)` by `pk`/`id` (or their `__in`) on a chain that
starts at a protected model's manager, or `get_object_or_404(Model, …)`. A person's own rows
(`CheckIn.objects.for_member(request.user).get(on=…)`) are not a fetch by id.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import alongside
from alongside.privacy.registry import REGISTRY

ROOT = Path(alongside.__file__).parent
ID_KEYWORDS = {"pk", "id", "pk__in", "id__in"}


def protected_models() -> set[str]:
    return {handler.model.__name__ for handler in REGISTRY.values()}


def entry_modules() -> list[Path]:
    """Every module a request or a socket reaches first: views and API routers (modules or
    packages) and consumers."""
    found: list[Path] = []
    for app in sorted(p for p in ROOT.iterdir() if (p / "apps.py").exists()):
        found += sorted(app.glob("views*.py")) + sorted(app.glob("views/*.py"))
        found += [p for p in (app / "api.py", app / "consumers.py") if p.exists()]
        found += sorted(app.glob("api/*.py"))
    return found


def _root_name(node: ast.AST) -> str | None:
    """The name a call chain starts from: `Model` in `Model.objects.filter(...).get(...)`."""
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            node = node.value
        elif isinstance(node, ast.Name):
            return node.id
        else:
            return None


def _through_objects(node: ast.AST) -> bool:
    while isinstance(node, (ast.Call, ast.Attribute)):
        if isinstance(node, ast.Attribute) and node.attr == "objects":
            return True
        node = node.func if isinstance(node, ast.Call) else node.value
    return False


def fetches_by_id(tree: ast.AST, protected: set[str]) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id in {"get_object_or_404", "get_list_or_404"}:
            if node.args and isinstance(node.args[0], ast.Name) and node.args[0].id in protected:
                found.append((node.lineno, f"{func.id}({node.args[0].id}, …)"))
            continue
        if not isinstance(func, ast.Attribute) or not _through_objects(func):
            continue
        model = _root_name(func)
        if model not in protected:
            continue
        by_id = {k.arg for k in node.keywords if k.arg is not None} & ID_KEYWORDS  # None: **kwargs
        if func.attr in {"get", "aget", "filter", "exclude"} and by_id:
            found.append(
                (node.lineno, f"{model}.objects….{func.attr}({', '.join(sorted(by_id))}=…)")
            )
    return sorted(found)


def test_the_check_sees_every_entry_module_and_knows_the_protected_models() -> None:
    names = {p.relative_to(ROOT).as_posix() for p in entry_modules()}
    assert {
        "journey/api/check_ins.py",
        "meetings/views/directory.py",
        "notifications/consumers.py",
        "privacy/views.py",
    } <= names
    assert any(n.startswith("journey/views/") for n in names)
    assert {"CheckIn", "ConsentGrant", "AttendanceRecord", "Administration"} <= protected_models()


def test_the_check_catches_each_way_of_fetching_by_id() -> None:
    source = (
        "def view(request, pk):\n"
        "    a = CheckIn.objects.get(pk=pk)\n"
        "    b = CheckIn.objects.select_related('member').filter(id=pk).first()\n"
        "    c = get_object_or_404(CheckIn, pk=pk)\n"
        "    d = CheckIn.objects.filter(member=request.user)\n"  # a member's own rows, not by id
        "    e = Program.objects.get(pk=pk)\n"  # not protected
        "    f = CheckIn.objects.for_member(request.user).get(on=day)\n"  # their own, by day
    )
    assert [line for line, _ in fetches_by_id(ast.parse(source), {"CheckIn"})] == [2, 3, 4]


@pytest.mark.parametrize("module", entry_modules(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_entry_module_fetches_a_protected_object_by_id_outside_access_py(module: Path) -> None:
    found = fetches_by_id(ast.parse(module.read_text(), filename=str(module)), protected_models())
    assert not found, (
        f"{module.relative_to(ROOT)}: fetch these through the app's access.py: {found}"
    )


def test_no_app_imports_the_api_root() -> None:
    """The API root imports every app's router; an app that imported it back would make a cycle.
    Apps raise `alongside.api_errors.ApiError` instead."""
    importers = []
    for module in ROOT.rglob("*.py"):
        if module.parent == ROOT or "tests" in module.parts:
            continue
        for node in ast.walk(ast.parse(module.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module == "alongside.api":
                importers.append(module.relative_to(ROOT).as_posix())
            if (
                isinstance(node, ast.ImportFrom)
                and node.module == "alongside"
                and any(a.name == "api" for a in node.names)
            ):
                importers.append(module.relative_to(ROOT).as_posix())
    assert not importers
