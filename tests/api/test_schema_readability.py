"""A schema partners can read and generate readable clients from (issue 24)."""

from __future__ import annotations

import json
import re

from tests.api.contract import published_schema


def _operations():
    for path, item in published_schema()["paths"].items():
        for method, operation in item.items():
            yield f"{method.upper()} {path}", operation


def test_it_describes_every_operation_in_its_own_words():
    descriptions = [operation.get("description", "") for _, operation in _operations()]
    assert all(descriptions)
    assert len(set(descriptions)) == len(descriptions)


def test_it_describes_every_parameter():
    undocumented = [
        f"{name} {parameter['name']}"
        for name, operation in _operations()
        for parameter in operation.get("parameters", [])
        if not parameter.get("description")
    ]
    assert undocumented == []


def test_it_names_operations_by_resource_and_action():
    ids = {name: operation["operationId"] for name, operation in _operations()}
    assert ids["GET /api/v1/cases/"] == "cases_list"
    assert ids["POST /api/v1/referrals/{referral_id}/accept/"] == "referrals_accept"
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", i) and "v1" not in i for i in ids.values())
    assert len(set(ids.values())) == len(ids)


def test_it_tags_operations_by_domain():
    tags = {tag for _, operation in _operations() for tag in operation["tags"]}
    assert "v1" not in tags
    assert {"cases", "sharing", "audit", "jobs"} <= tags


def test_it_names_every_enum_and_its_members():
    schemas = published_schema()["components"]["schemas"]
    enums = {name: s for name, s in schemas.items() if "enum" in s and None not in s["enum"]}
    assert not [n for n in enums if re.search(r"[0-9a-f]{3}Enum$", n)]  # no hash-suffixed names
    for name, schema in enums.items():
        assert len(schema["x-enum-varnames"]) == len(schema["enum"]), name
    assert schemas["AgeBandEnum"]["x-enum-varnames"][2] == "A18_20"


def test_it_types_status_like_fields_as_enums():
    schemas = published_schema()["components"]["schemas"]
    for component in ("AccessRequestOutput", "GrantOutput", "ShareOutput", "ReferralOutput"):
        status = json.dumps(schemas[component]["properties"]["status"])
        assert re.search(r"#/components/schemas/\w+StatusEnum", status), component
    assert schemas["GrantOutput"]["properties"]["state"]["deprecated"] is True


def test_every_create_that_takes_an_idempotency_key_declares_the_replay_header():
    creates = {
        operation["operationId"]: operation
        for _, operation in _operations()
        if any(p["name"] == "Idempotency-Key" for p in operation.get("parameters", []))
    }
    assert {"cases_create", "imports_create", "referrals_create"} <= set(creates)
    for operation in creates.values():
        successes = [r for code, r in operation["responses"].items() if code.startswith("2")]
        assert successes
        for response in successes:
            header = response["headers"]["Idempotent-Replayed"]
            assert header["schema"] == {"type": "string", "enum": ["true"]}
            assert header["description"]


def test_no_other_operation_declares_the_replay_header():
    declaring = {
        operation["operationId"]
        for _, operation in _operations()
        for response in operation["responses"].values()
        if "Idempotent-Replayed" in response.get("headers", {})
    }
    takes_key = {
        operation["operationId"]
        for _, operation in _operations()
        if any(p["name"] == "Idempotency-Key" for p in operation.get("parameters", []))
    }
    assert declaring == takes_key
