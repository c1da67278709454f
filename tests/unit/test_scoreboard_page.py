"""The Scoreboard page's weight inputs: copies of one built input, each its own."""

from __future__ import annotations

from plotly.io.json import to_json_plotly


def test_scp001_weight_inputs_are_the_components_built_the_usual_way(dash_app):
    from dashboard.pages import scoreboard as page

    first = page._weight_input("wi", "gerd_pc_gdp", "R&D expenditure", 2.0)
    second = page._weight_input("wd", "kb", "Knowledge basis and skills", 0)
    for built, args in (
        (first, ("wi", "gerd_pc_gdp", "R&D expenditure", 2.0)),
        (second, ("wd", "kb", "Knowledge basis and skills", 0)),
    ):
        assert to_json_plotly(built) == to_json_plotly(page._new_weight_input(*args))
    # each input its own: label, id and value
    span, field = first.children
    assert span.children == "R&D expenditure"
    assert field.id == {"type": "sco-wi", "key": "gerd_pc_gdp"} and field.value == 2
    span, field = second.children
    assert span.children == "Knowledge basis and skills"
    assert field.id == {"type": "sco-wd", "key": "kb"} and field.value == 0
    assert field.type == "number" and (field.min, field.max, field.step) == (0, 3, 1)
    assert first.className == "col-6 col-md-4 col-lg-2 mb-2"
