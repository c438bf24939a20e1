"""The shape comparison that holds the sandbox to Zenoti's samples can fail, for each reason."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.support.zenoti_samples import json_type, shape_differences

SAMPLE = {
    "memberships": [
        {"id": "a", "price": {"final": 150, "tax": 0}, "display_name": None, "tags": []},
        {"id": "b", "price": {"final": 1.5, "tax": 0}, "code": "X"},
    ],
    "benefits": {"services": [], "products": None},
    "page_info": {"total": 1},
    "error": None,
}


def same_as_sample() -> dict[str, object]:
    return {
        "memberships": [
            {
                "id": "z",
                "price": {"final": Decimal("9.50"), "tax": 1},
                "display_name": "Z",
                "tags": ["t"],
                "code": "C",
            }
        ],
        "benefits": {"services": [{"anything": 1}], "products": []},
        "page_info": {"total": 4},
        "error": None,
    }


def test_an_answer_of_the_samples_shape_has_no_differences() -> None:
    assert shape_differences(same_as_sample(), SAMPLE) == []


def test_a_key_the_sample_has_must_be_there() -> None:
    answer = same_as_sample()
    del answer["page_info"]
    assert shape_differences(answer, SAMPLE) == ["page_info: missing, Zenoti's sample has it"]
    assert shape_differences(answer, SAMPLE, absent=["page_info"]) == []


def test_a_key_of_any_sample_element_is_expected_of_every_element() -> None:
    answer = same_as_sample()
    del answer["memberships"][0]["code"]  # type: ignore[index]
    assert shape_differences(answer, SAMPLE) == [
        "memberships[].code: missing, Zenoti's sample has it"
    ]


def test_a_key_the_sample_does_not_have_is_reported_unless_declared() -> None:
    answer = same_as_sample()
    answer["invented"] = True
    assert shape_differences(answer, SAMPLE) == ["invented: not in Zenoti's sample"]
    assert shape_differences(answer, SAMPLE, extra=["invented"]) == []


def test_a_list_where_the_sample_has_an_object_is_a_difference() -> None:
    answer = same_as_sample()
    answer["benefits"] = [{"membership_id": "a"}]
    assert shape_differences(answer, SAMPLE) == ["benefits: array, Zenoti's sample has object"]


def test_a_string_where_the_sample_has_a_number_is_a_difference() -> None:
    answer = same_as_sample()
    answer["memberships"][0]["price"]["final"] = "9.50"  # type: ignore[index]
    assert shape_differences(answer, SAMPLE) == [
        "memberships[].price.final: string, Zenoti's sample has number"
    ]


def test_null_where_the_sample_has_a_value_needs_declaring() -> None:
    answer = same_as_sample()
    answer["page_info"] = None
    assert shape_differences(answer, SAMPLE) == ["page_info: null, Zenoti's sample has object"]
    assert shape_differences(answer, SAMPLE, nullable=["page_info"]) == []


def test_where_the_sample_is_null_any_value_is_its_shape() -> None:
    answer = same_as_sample()
    answer["error"] = {"code": 1}
    assert shape_differences(answer, SAMPLE) == []


@pytest.mark.parametrize(
    ("value", "name"),
    [
        (None, "null"),
        (True, "boolean"),
        (1, "number"),
        (1.5, "number"),
        (Decimal("1.5"), "number"),
        ("1", "string"),
        ([], "array"),
        ({}, "object"),
    ],
)
def test_json_types(value: object, name: str) -> None:
    assert json_type(value) == name
