"""POST /api/v1/imports/, GET /api/v1/imports/<id>/, POST /api/v1/imports/<id>/commit/"""

from __future__ import annotations

import pytest

from coord.audit.models import AuditEvent
from coord.cases.models import CaseSummary
from coord.imports.models import Import, ImportedCase, ImportFile, ImportStatus
from tests.imports.helpers import HEADERS, csv_bytes, good_row, upload, xlsx_bytes

URL = "/api/v1/imports/"
PHONE = "Call her on +855 12 345 678 tomorrow"
pytestmark = pytest.mark.django_db


@pytest.fixture
def commit(api, django_capture_on_commit_callbacks):
    """POST the commit and run the queued job (eager Celery, after the transaction)."""

    def run(import_id: str):
        with django_capture_on_commit_callbacks(execute=True):
            return api.post(f"{URL}{import_id}/commit/")

    return run


def _post(api, user, content: bytes, **extra):
    return api.as_user(user).post(URL, {"file": upload(content), **extra}, format="multipart")


def test_a_dry_run_stores_no_case_and_reports_the_counts(api, owner_caseworker):
    content = csv_bytes([HEADERS, good_row(1), good_row(2)])
    response = _post(api, owner_caseworker, content)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["status"], body["rows"], body["passed"], body["refused"]) == ("checked", 2, 2, 0)
    assert CaseSummary.objects.count() == 0


def test_the_report_names_row_and_column_of_an_identifier_but_never_its_value(
    api, owner_caseworker
):
    rows = [HEADERS, good_row(1), [*good_row(2)[:4], PHONE]]
    body = _post(api, owner_caseworker, csv_bytes(rows)).json()
    assert body["refused"] == 1
    [problem] = body["problems"]
    assert (problem["row"], problem["column"], problem["code"]) == (3, "notes", "pii_detected")
    assert "phone number" in problem["message"]
    assert "345" not in str(body) and "+855" not in str(body)


def test_a_refused_value_is_never_echoed_in_the_report(api, owner_caseworker):
    rows = [HEADERS, ["2025-03", "KH-12", "Zorblax", "forced_labour", ""]]
    body = _post(api, owner_caseworker, csv_bytes(rows)).json()
    [problem] = body["problems"]
    assert problem["field"] == "gender"
    assert "Zorblax" not in str(body)


def test_rows_are_checked_by_the_case_check_itself(api, owner_caseworker):
    """A future month and an unknown region are refused with the case API's own messages."""
    rows = [HEADERS, ["2999-01", "XX-99", "female", "", ""]]
    body = _post(api, owner_caseworker, csv_bytes(rows)).json()
    assert {p["field"] for p in body["problems"]} == {"reported_month", "region"}


def test_allowed_values_match_labels_in_any_language_and_any_case(api, owner_caseworker):
    from django.utils import translation

    from coord.cases.choices import Gender

    with translation.override("th"):
        thai = str(Gender.FEMALE.label)
    rows = [HEADERS, ["2025-03", "kh-12", thai, "FORCED_LABOUR", ""]]
    body = _post(api, owner_caseworker, csv_bytes(rows)).json()
    assert body["passed"] == 1, body["problems"]


def test_a_utf16_tab_separated_file_from_excel_is_read(api, owner_caseworker):
    content = b"\xff\xfe" + csv_bytes([HEADERS, good_row()], delimiter="\t").decode().encode(
        "utf-16-le"
    )
    body = _post(api, owner_caseworker, content).json()
    assert body["passed"] == 1


def test_a_semicolon_separated_file_with_a_bom_is_read(api, owner_caseworker):
    rows = [HEADERS, ["2025-03", "KH-12", "female", "forced_labour", "ok"]]
    content = b"\xef\xbb\xbf" + csv_bytes(rows, delimiter=";")
    assert _post(api, owner_caseworker, content).json()["passed"] == 1


def test_an_xlsx_formula_cell_is_reported_not_evaluated(api, owner_caseworker):
    rows = [HEADERS, good_row(1), ["2025-03", "KH-12", "female", "forced_labour", "=1+1"]]
    body = _post(api, owner_caseworker, xlsx_bytes(rows), file=upload(xlsx_bytes(rows), "a.xlsx"))
    body = body.json()
    assert (body["passed"], body["refused"]) == (1, 1)
    assert body["problems"][0]["code"] == "formula"


def test_commit_stores_only_the_passing_rows_as_a_job(commit, api, owner_caseworker, owner_org):
    rows = [HEADERS, good_row(1), [*good_row(2)[:4], PHONE], good_row(3)]
    created = _post(api, owner_caseworker, csv_bytes(rows)).json()
    response = commit(created["id"])
    assert response.status_code == 202, response.json()
    job = response.json()
    assert job["kind"] == "imports.commit" and response["Location"] == job["url"]
    assert CaseSummary.objects.filter(organisation=owner_org).count() == 2
    polled = api.get(job["url"]).json()
    assert polled["status"] == "succeeded"
    assert polled["result"] == {"created": 2, "skipped": 0, "refused": 1}


def test_commit_deletes_the_uploaded_file(commit, api, owner_caseworker):
    created = _post(api, owner_caseworker, csv_bytes([HEADERS, good_row()])).json()
    assert ImportFile.objects.filter(upload_id=created["id"]).exists()
    commit(created["id"])
    assert not ImportFile.objects.filter(upload_id=created["id"]).exists()
    assert Import.objects.get(pk=created["id"]).status == ImportStatus.COMMITTED


def test_the_uploaded_file_is_stored_only_encrypted(api, owner_caseworker):
    created = _post(api, owner_caseworker, csv_bytes([HEADERS, good_row()])).json()
    token = ImportFile.objects.get(upload_id=created["id"]).token
    assert token.startswith("v1.") and "KH-12" not in token


def test_a_second_commit_is_a_conflict(commit, api, owner_caseworker):
    created = _post(api, owner_caseworker, csv_bytes([HEADERS, good_row()])).json()
    commit(created["id"])
    response = commit(created["id"])
    assert response.status_code == 409
    assert response.json()["code"] == "import_not_ready"


def test_a_reimport_with_a_key_column_does_not_duplicate_cases(commit, api, owner_caseworker):
    rows = [["case_no", *HEADERS], ["A-1", *good_row(1)], ["A-2", *good_row(2)]]
    first = _post(api, owner_caseworker, csv_bytes(rows), import_key_column="case_no").json()
    commit(first["id"])
    again = _post(api, owner_caseworker, csv_bytes(rows), import_key_column="case_no").json()
    assert (again["passed"], again["already_imported"]) == (0, 2)
    commit(again["id"])
    assert CaseSummary.objects.count() == 2


def test_the_import_key_is_stored_only_as_a_keyed_hash(commit, api, owner_caseworker):
    rows = [["case_no", *HEADERS], ["HOTLINE-77", *good_row(1)]]
    created = _post(api, owner_caseworker, csv_bytes(rows), import_key_column="case_no").json()
    commit(created["id"])
    digest = ImportedCase.objects.get().key_digest
    assert "HOTLINE" not in digest.upper() and "77" not in digest.split(".", 1)[0]
    assert len(digest.split(".", 1)[1]) == 64


def test_the_same_key_in_another_organisation_hashes_differently(
    commit, api, owner_caseworker, stranger_caseworker
):
    rows = [["case_no", *HEADERS], ["A-1", *good_row(1)]]
    for user in (owner_caseworker, stranger_caseworker):
        created = _post(api, user, csv_bytes(rows), import_key_column="case_no").json()
        assert created["passed"] == 1
        commit(created["id"])
    assert ImportedCase.objects.values("key_digest").distinct().count() == 2


def test_duplicate_keys_within_a_file_are_refused_after_the_first(api, owner_caseworker):
    rows = [["case_no", *HEADERS], ["A-1", *good_row(1)], ["A-1", *good_row(2)]]
    body = _post(api, owner_caseworker, csv_bytes(rows), import_key_column="case_no").json()
    assert (body["passed"], body["problems"][0]["code"]) == (1, "duplicate_key")


def test_another_organisations_import_is_a_404(api, owner_caseworker, stranger_admin):
    created = _post(api, owner_caseworker, csv_bytes([HEADERS, good_row()])).json()
    for method in ("get", "post"):
        path = f"{URL}{created['id']}/" + ("commit/" if method == "post" else "")
        response = getattr(api.as_user(stranger_admin), method)(path)
        assert response.status_code == 404
    assert CaseSummary.objects.count() == 0


def test_the_uploaders_admin_may_read_the_import(api, owner_caseworker, owner_admin):
    created = _post(api, owner_caseworker, csv_bytes([HEADERS, good_row()])).json()
    assert api.as_user(owner_admin).get(f"{URL}{created['id']}/").status_code == 200


def test_another_caseworker_of_the_organisation_may_not_read_it(api, owner_caseworker, owner_org):
    from coord.organisations.models import Role
    from tests.factories import member

    colleague = member(owner_org, Role.CASEWORKER)
    created = _post(api, owner_caseworker, csv_bytes([HEADERS, good_row()])).json()
    assert api.as_user(colleague).get(f"{URL}{created['id']}/").status_code == 404


def test_a_coordinator_may_not_import(api, network_coordinator):
    response = _post(api, network_coordinator, csv_bytes([HEADERS, good_row()]))
    assert response.status_code == 403


def test_the_dry_run_and_the_commit_are_audited(commit, api, owner_caseworker):
    created = _post(api, owner_caseworker, csv_bytes([HEADERS, good_row()])).json()
    commit(created["id"])
    actions = set(
        AuditEvent.objects.filter(object_id=created["id"]).values_list("action", flat=True)
    )
    assert {"import.check", "import.commit", "import.committed"} <= actions


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "encrypted_file"),
        (b'reported_month,region\n"2025-03,KH-12\n', "malformed_file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "unsupported_file"),
        (
            "reported_month,region\n2025-03,KH-12\n".encode("cp1258") + b"\xff\xfe\xfa",
            "unknown_encoding",
        ),
        (b"\n\n", "no_header"),
    ],
)
def test_a_file_that_cannot_be_read_is_a_400_and_nothing_is_stored(
    api, owner_caseworker, content, code
):
    response = _post(api, owner_caseworker, content)
    assert response.status_code == 400, response.json()
    assert response.json()["code"] == code
    assert Import.objects.count() == 0


def test_more_rows_than_the_limit_is_refused(api, owner_caseworker, settings):
    settings.COORD_IMPORT_MAX_ROWS = 3
    rows = [HEADERS] + [good_row(n) for n in range(4)]
    response = _post(api, owner_caseworker, csv_bytes(rows))
    assert (response.status_code, response.json()["code"]) == (400, "too_many_rows")


def test_a_file_over_the_byte_limit_is_refused(api, owner_caseworker, settings):
    settings.COORD_IMPORT_MAX_BYTES = 1024
    rows = [HEADERS] + [good_row(n) for n in range(100)]
    response = _post(api, owner_caseworker, csv_bytes(rows))
    assert response.status_code == 400
    assert Import.objects.count() == 0


def test_a_workbook_with_macros_is_refused(api, owner_caseworker):
    import io
    import zipfile

    buffer = io.BytesIO(xlsx_bytes([HEADERS, good_row()]))
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"\x00" * 10)
    response = _post(api, owner_caseworker, buffer.getvalue())
    assert (response.status_code, response.json()["code"]) == (400, "macros")


def test_a_zip_bomb_is_refused_before_it_is_parsed(api, owner_caseworker, settings):
    import io
    import zipfile

    settings.COORD_IMPORT_MAX_UNZIPPED_BYTES = 1_000_000
    buffer = io.BytesIO(xlsx_bytes([HEADERS, good_row()]))
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\x00" * 5_000_000)
    assert len(buffer.getvalue()) < 100_000
    response = _post(api, owner_caseworker, buffer.getvalue())
    assert (response.status_code, response.json()["code"]) == (400, "zip_bomb")


def test_headings_are_mapped_and_the_mapping_is_remembered(api, owner_caseworker):
    rows = [["Month", "Province", "Sex"], ["2025-03", "KH-12", "female"]]
    mapping = '{"Month": "reported_month", "Province": "region", "Sex": "gender"}'
    first = _post(api, owner_caseworker, csv_bytes(rows), mapping=mapping).json()
    assert first["passed"] == 1
    second = _post(api, owner_caseworker, csv_bytes(rows)).json()
    assert second["passed"] == 1 and second["missing_fields"] == []


def test_unmapped_required_fields_are_named(api, owner_caseworker):
    rows = [["Month", "Province"], ["2025-03", "KH-12"]]
    body = _post(api, owner_caseworker, csv_bytes(rows)).json()
    assert body["missing_fields"] == ["reported_month", "region"]
    assert body["passed"] == 0
