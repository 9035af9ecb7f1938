"""The bad-input matrix (tests/vectors/bad_inputs.json) in Python: every case raises the
`cx.CxError` subclass of its kind, whose `code` and `field` attributes match and whose message
names the field; wrong Python types raise `cx.InvalidTypeError` or `cx.InvalidInputError`,
never a bare TypeError, PanicException or a result with NaN."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

import cx

MATRIX = json.loads((Path(__file__).parents[1] / "vectors" / "bad_inputs.json").read_text())

KIND_CLASS = {
    "InvalidInput": cx.InvalidInputError,
    "LengthMismatch": cx.LengthMismatchError,
    "Empty": cx.EmptyInputError,
    "NotConverged": cx.ConvergenceError,
}


def decode(v: Any) -> Any:
    """The matrix's JSON encoding to Python values."""
    if isinstance(v, list):
        return [decode(x) for x in v]
    if isinstance(v, dict):
        return {k: decode(x) for k, x in v.items()}
    return {
        "$nan": math.nan,
        "$inf": math.inf,
        "$-inf": -math.inf,
        "$none": None,
        "$object": object(),
    }.get(v, v) if isinstance(v, str) else v


def cases() -> list[Any]:
    out = []
    for g in MATRIX["groups"]:
        for c in g["cases"]:
            marks = []
            if "python" in c.get("skip", {}):
                marks.append(pytest.mark.skip(reason=c["skip"]["python"]))
            out.append(pytest.param(g, c, id=f"{g['fn']['rust']}/{c['name']}", marks=marks))
    return out


def call(g: dict[str, Any], c: dict[str, Any]) -> Any:
    args = [decode(a) for a in c["args"]]
    options = decode(c.get("options", {}))
    name = g["fn"]["python"]
    ctor_keys = set(g.get("py_ctor", []))
    if "model" in g:
        target = getattr(cx, g["model"]["class"]).from_params(g["model"]["params"])
        return getattr(target, name)(*args, **options)
    if "." in name:
        cls, method = name.split(".")
        ctor = {k: v for k, v in options.items() if k in ctor_keys}
        rest = {k: v for k, v in options.items() if k not in ctor_keys}
        return getattr(getattr(cx, cls)(**ctor), method)(*args, **rest)
    return getattr(cx, name)(*args, **options)


@pytest.mark.parametrize(("group", "case"), cases())
def test_bad_input(group: dict[str, Any], case: dict[str, Any]) -> None:
    expect = case["expect"]
    with pytest.raises(cx.CxError) as info:
        call(group, case)
    err = info.value
    assert isinstance(err, KIND_CLASS[expect["kind"]]), (type(err).__name__, str(err))
    assert err.code == MATRIX["kinds"][expect["kind"]], (err.code, str(err))
    field = expect["field"]
    if isinstance(field, dict):
        field = field["python"]
    if field is not None:
        assert err.field == field, (err.field, str(err))
        assert f"`{field}`" in str(err), str(err)


def test_matrix_covers_every_family() -> None:
    families = {g["family"] for g in MATRIX["groups"]}
    assert families == {"survey", "retention", "churn", "clv", "journey"}
    assert sum(len(g["cases"]) for g in MATRIX["groups"]) >= 150


def test_allow_unconverged_keeps_the_estimate() -> None:
    """The fit that raises ConvergenceError returns its estimate, marked, when asked to."""
    f, r, t = [3], [5], [6]
    with pytest.raises(cx.ConvergenceError):
        cx.BgBb().fit(f, r, t)
    m = cx.BgBb(allow_unconverged=True).fit(f, r, t)
    assert m.converged is False
    assert all(math.isfinite(v) and v > 0 for v in m.params.values())


def test_allow_unconverged_sbg_and_classifier() -> None:
    """sBG and the churn classifier refuse a fit that stops short, and keep it when asked."""
    survivors = [1000, 869, 743, 653, 593, 551, 517, 491]  # Fader & Hardie 2007, "regular"
    with pytest.raises(cx.ConvergenceError):
        cx.ShiftedBetaGeometric(max_iterations=2).fit(survivors)
    m = cx.ShiftedBetaGeometric(max_iterations=2, allow_unconverged=True).fit(survivors)
    assert m.converged is False
    assert all(math.isfinite(v) and v > 0 for v in m.params.values())
    x, y = [[1.0], [2.0], [3.0], [4.0]], [0, 0, 1, 1]  # separable: no finite optimum at l2 = 0
    with pytest.raises(cx.ConvergenceError):
        cx.ChurnClassifier(l2=0.0).fit(x, y)
    c = cx.ChurnClassifier(l2=0.0, allow_unconverged=True).fit(x, y)
    assert c.converged is False
    p = c.predict_proba([[1.0], [4.0]])
    assert p[0] < 0.05 and p[1] > 0.95
