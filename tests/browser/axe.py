"""axe-core (npm devDependency, node_modules/) injected into a test page: never shipped to
users, the app serves no copy of it."""
from __future__ import annotations

from pathlib import Path

from tests.conftest import skip_or_fail

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def violations(page, context: str = "document") -> list[str]:
    """axe's violations on the page as it is now, one readable line each (rule: targets)."""
    if not AXE.exists():
        skip_or_fail(f"{AXE} missing: run `npm ci` (make test does)")
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    found = page.evaluate(f"axe.run({context}).then((r) => r.violations.map((v) =>"
                          " `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`))")
    return found
