from django.urls import path

from coord.imports import api

urlpatterns = [
    path("imports/", api.ImportListApi.as_view(), name="import-list"),
    path("imports/template.csv", api.TemplateCsvApi.as_view(), name="import-template-csv"),
    path("imports/template.xlsx", api.TemplateXlsxApi.as_view(), name="import-template-xlsx"),
    path("imports/<uuid:import_id>/", api.ImportDetailApi.as_view(), name="import-detail"),
    path("exports/cases.csv", api.ExportCsvApi.as_view(), name="export-cases-csv"),
    path("exports/cases.xlsx", api.ExportXlsxApi.as_view(), name="export-cases-xlsx"),
    path("imports/<uuid:import_id>/commit/", api.ImportCommitApi.as_view(), name="import-commit"),
]
