"""Import pages: upload (the dry run), the report, the commit and its progress. The same
services and policy as the API (``coord.imports``, ``sharing_policies.access.imports``)."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from coord.imports import services
from coord.imports.models import ImportStatus
from coord.imports.tasks import import_commit_task
from coord.jobs.services import job_enqueue
from coord.organisations.selectors import organisation_of
from coord.web.views.base import member_required, service_succeeded
from sharing_policies.access import cases as case_policy
from sharing_policies.access import imports as policy


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_("CSV or XLSX. The first row holds the column headings."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt"}),
    )
    import_key_column = forms.CharField(
        label=_("Your own case number column (optional)"),
        required=False,
        max_length=200,
        help_text=_(
            "Its heading. Importing the same file again then skips cases already imported. "
            "The value is kept only as a keyed hash."
        ),
    )


@member_required()
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    """Uploads are held in memory only (``FILE_UPLOAD_HANDLERS``), never on disk in clear."""
    case_policy.require_case_member(request.user, request=request)
    form = UploadForm(request.POST or None, request.FILES or None)
    made = {}
    if (
        request.method == "POST"
        and form.is_valid()
        and service_succeeded(
            form,
            lambda: made.setdefault(
                "upload",
                services.import_check(
                    actor=request.user,
                    organisation=organisation_of(request.user),
                    content=form.cleaned_data["file"].read(),
                    key_column=form.cleaned_data["import_key_column"].strip(),
                    request=request,
                ),
            ),
        )
    ):
        return redirect("web:import-detail", import_id=made["upload"].pk)
    return render(request, "web/imports/upload.html", {"form": form})


@member_required()
def import_detail(request: HttpRequest, import_id) -> HttpResponse:
    """The dry-run report, then the commit's progress (refreshing itself until done)."""
    upload = policy.import_for(request.user, import_id, request=request)
    context = {
        "upload": upload,
        "report": upload.report,
        "job": upload.job,
        "can_commit": upload.status in (ImportStatus.CHECKED, ImportStatus.FAILED)
        and upload.passed > 0,
        "working": upload.status == ImportStatus.COMMITTING,
    }
    template = "web/imports/_progress.html" if request.htmx else "web/imports/detail.html"
    return render(request, template, context)


@member_required()
@require_POST
def import_commit(request: HttpRequest, import_id) -> HttpResponse:
    upload = policy.import_for(request.user, import_id, action="commit", request=request)
    job = services.import_commit_start(actor=request.user, upload=upload, request=request)
    job_enqueue(job.pk, import_commit_task, str(upload.pk))
    return redirect("web:import-detail", import_id=upload.pk)
