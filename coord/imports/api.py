"""Spreadsheet import endpoints: upload (the dry run), read the report, commit (a job),
and the templates. Thin: the door is the gate, the import is the policy's, the work is
``coord.imports.services``."""

from __future__ import annotations

import json

from django.conf import settings
from django.http import HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from coord.idempotency.api import IDEMPOTENCY_KEY_PARAMETER, idempotent
from coord.imports import exports, services, sheets
from coord.imports.columns import FIELDS
from coord.imports.models import Import, ImportStatus
from coord.imports.tasks import import_commit_task
from coord.jobs.api import job_started, job_started_schema, job_url
from coord.jobs.services import job_enqueue
from coord.lib.errors import Invalid
from coord.lib.views import ApiView, gate_all
from sharing_policies.access import exports as export_policy
from sharing_policies.access import imports as policy
from sharing_policies.access.gate import Need


class ImportInputSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="The spreadsheet: CSV (UTF-8 or UTF-16) or XLSX.")
    import_key_column = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text=(
            "Heading of your own case-number column: a re-import skips rows already "
            "imported. Kept only as a keyed hash, never in clear."
        ),
    )
    mapping = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text=(
            'JSON object: column heading -> case field name ("" to ignore the column), for '
            "headings that are not field names. Remembered for the organisation."
        ),
    )


class ColumnSerializer(serializers.Serializer):
    header = serializers.CharField()
    field = serializers.CharField(help_text='The case field it fills; "" when ignored.')


class ProblemSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="Spreadsheet row number (the headings are row 1).")
    column = serializers.CharField()
    field = serializers.CharField()
    code = serializers.CharField()
    message = serializers.CharField(help_text="What is wrong; never the cell's value.")


class ImportOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    status = serializers.ChoiceField(choices=ImportStatus.choices)
    file_type = serializers.CharField()
    rows = serializers.IntegerField()
    passed = serializers.IntegerField(help_text="Rows a commit would store.")
    refused = serializers.IntegerField(source="report.refused")
    already_imported = serializers.IntegerField(source="report.already_imported")
    columns = ColumnSerializer(many=True, source="report.columns")
    missing_fields = serializers.ListField(
        child=serializers.CharField(), source="report.missing_fields"
    )
    problems = ProblemSerializer(many=True, source="report.problems")
    problem_count = serializers.IntegerField(source="report.problem_count")
    truncated = serializers.BooleanField(
        source="report.truncated", help_text="More problems than listed (the first 1,000)."
    )
    import_key_column = serializers.CharField(source="key_column")
    created = serializers.IntegerField(help_text="Cases the commit has created so far.")
    job = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()

    def get_job(self, upload: Import) -> str | None:
        """Path of the commit job, once started."""
        return job_url(upload.job) if upload.job_id else None


def _mapping(text: str) -> dict[str, str]:
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        value = None
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise Invalid({"mapping": [_("Give a JSON object of column heading to field name.")]})
    return value


class ImportListApi(ApiView):
    """Upload a spreadsheet: checked at once (the dry run), nothing stored as cases."""

    gates = gate_all(Need.MEMBER, "import.denied")
    parser_classes = [MultiPartParser]
    throttle_scope = "pii_write"

    @extend_schema(
        operation_id="imports_create",
        summary="Upload a spreadsheet (dry run)",
        description=(
            "Checks every row as recording a case would (and the PII guard on free text) and "
            "answers the report: per row and column what is wrong, never the value. Nothing "
            "is stored as a case until `commit`. The file is kept encrypted for 24 hours. "
            "A file that cannot be read as a whole is a 400 on `file` with a `code`. With an "
            "`Idempotency-Key`, a retry with the same file and fields answers the import it "
            "created (201, `Idempotent-Replayed: true`) instead of a second one."
        ),
        parameters=[IDEMPOTENCY_KEY_PARAMETER],
        request={"multipart/form-data": ImportInputSerializer},
        responses={201: ImportOutputSerializer},
    )
    def post(self, request):
        def create() -> tuple[Response, str]:
            data = ImportInputSerializer(data=request.data)
            if "file" not in request.FILES:
                raise Invalid(
                    {
                        "file": [
                            _("Attach the spreadsheet as `file` (at most %(limit)s bytes).")
                            % {"limit": settings.COORD_IMPORT_MAX_BYTES}
                        ]
                    }
                )
            data.is_valid(raise_exception=True)
            upload = services.import_check(
                actor=request.user,
                organisation=request.caller.organisation,
                content=data.validated_data["file"].read(),
                key_column=data.validated_data.get("import_key_column", "").strip(),
                mapping=_mapping(data.validated_data.get("mapping", "")),
                request=request,
            )
            body = ImportOutputSerializer(upload).data
            return Response(body, status=status.HTTP_201_CREATED), str(upload.pk)

        return idempotent(request, create=create, replay=lambda pk: _read(request, pk))


def _read(request, import_id: str) -> Response:
    """One import as the caller may read it now (the plain read and an idempotent replay)."""
    upload = policy.import_for(request.user, import_id, request=request)
    return Response(ImportOutputSerializer(upload).data)


class ImportDetailApi(ApiView):
    gates = gate_all(Need.MEMBER, "import.denied")

    @extend_schema(
        operation_id="imports_retrieve",
        summary="Read an import",
        description="Status and dry-run report of an import (its uploader and admins).",
        responses={200: ImportOutputSerializer},
    )
    def get(self, request, import_id):
        return _read(request, import_id)


class ImportCommitApi(ApiView):
    gates = gate_all(Need.MEMBER, "import.denied")

    @extend_schema(
        **job_started_schema(
            operation_id="imports_commit",
            summary="Commit an import",
            description=(
                "Stores the rows that passed the dry run, in batches, as an `imports.commit` "
                "job. 409 `import_not_ready` when it is committing, committed or expired."
            ),
            request=None,
        )
    )
    def post(self, request, import_id):
        upload = policy.import_for(request.user, import_id, action="commit", request=request)
        job = services.import_commit_start(actor=request.user, upload=upload, request=request)
        job_enqueue(job.pk, import_commit_task, str(upload.pk))
        return job_started(job)


def _download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class TemplateCsvApi(ApiView):
    gates = gate_all(Need.MEMBER, "import.denied")

    @extend_schema(
        operation_id="imports_template_csv",
        summary="Import template (CSV)",
        description=f"Headings ({', '.join(FIELDS)}) and an example row.",
        responses={(200, "text/csv"): OpenApiTypes.STR},
    )
    def get(self, request):
        return _download(sheets.template_csv(), sheets.CSV_TYPE, "cases-template.csv")


class TemplateXlsxApi(ApiView):
    gates = gate_all(Need.MEMBER, "import.denied")

    @extend_schema(
        operation_id="imports_template_xlsx",
        summary="Import template (XLSX)",
        description=(
            "The headings and an example row, and a second sheet with every field's allowed "
            "values in the caller's language."
        ),
        responses={(200, sheets.XLSX_TYPE): OpenApiTypes.BINARY},
    )
    def get(self, request):
        return _download(sheets.template_xlsx(), sheets.XLSX_TYPE, "cases-template.xlsx")


_EXPORT_PARAMETERS = [
    OpenApiParameter(
        "scope",
        str,
        enum=["own", "shared"],
        default="own",
        description=(
            "own: your organisation's cases (admins: all; caseworkers: those they recorded); "
            "shared: other organisations' cases your grants and shares show, cut to the "
            "fields each grant allows."
        ),
    ),
    OpenApiParameter(
        "narratives",
        bool,
        default=False,
        description="Add the summary and notes (own cases only, CSV only; needs `confirm`).",
    ),
    OpenApiParameter(
        "confirm",
        str,
        description="`narratives` to confirm a narrative export (it is audited with the count).",
    ),
]


def _export(request, fmt: str):
    scope = request.query_params.get("scope", "own")
    narratives = request.query_params.get("narratives", "").lower() in ("1", "true", "yes")
    if narratives and fmt != "csv":
        raise Invalid({"narratives": [_("Narratives are exported as CSV only.")]})
    decision = export_policy.export_decision(
        request.user,
        scope=scope,
        narratives=narratives,
        confirm=request.query_params.get("confirm", ""),
        request=request,
    )
    exports.export_audit(
        actor=request.user,
        organisation=request.caller.organisation,
        count=decision.cases.count(),
        narratives=narratives,
        scope=scope,
        fmt=fmt,
        request=request,
    )
    rows = exports.export_rows(
        reader=request.user,
        cases=decision.cases,
        fields_of=decision.fields_of,
        narratives=narratives,
        on_page=decision.audit_reads,
    )
    if fmt == "csv":
        response = StreamingHttpResponse(sheets.csv_stream(rows), content_type=sheets.CSV_TYPE)
    else:
        response = HttpResponse(sheets.xlsx_bytes([("cases", rows)]), content_type=sheets.XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="cases.{fmt}"'
    return response


class ExportCsvApi(ApiView):
    gates = gate_all(Need.MEMBER, "case.export_denied")
    throttle_scope = "export"

    @extend_schema(
        operation_id="exports_cases_csv",
        summary="Export cases (CSV)",
        description=(
            "Your own or shared cases as CSV (UTF-8 with BOM), coarse fields by default; "
            "formula-safe cells. Audited with the count; shared rows audited per case."
        ),
        parameters=_EXPORT_PARAMETERS,
        responses={(200, "text/csv"): OpenApiTypes.STR},
    )
    def get(self, request):
        return _export(request, "csv")


class ExportXlsxApi(ApiView):
    gates = gate_all(Need.MEMBER, "case.export_denied")
    throttle_scope = "export"

    @extend_schema(
        operation_id="exports_cases_xlsx",
        summary="Export cases (XLSX)",
        description=(
            "Your own or shared cases as an XLSX workbook of text cells (never formulas), "
            "coarse fields only. Audited with the count; shared rows audited per case."
        ),
        parameters=_EXPORT_PARAMETERS[:1],
        responses={(200, sheets.XLSX_TYPE): OpenApiTypes.BINARY},
    )
    def get(self, request):
        return _export(request, "xlsx")
