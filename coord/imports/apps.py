from django.apps import AppConfig

# The table and field names bound into the uploaded file's ciphertext.
IMPORT_FILE_TABLE = "imports_importfile"


class ImportsConfig(AppConfig):
    name = "coord.imports"
    label = "imports"
    verbose_name = "Spreadsheet imports"
    default_auto_field = "django.db.models.BigAutoField"
