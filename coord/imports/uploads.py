"""Uploads of spreadsheets are read into memory only, up to the import limit."""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadhandler import MemoryFileUploadHandler, StopUpload


class BoundedMemoryUploadHandler(MemoryFileUploadHandler):
    """Keeps the upload in memory only (never a temporary file in clear on disk) and stops
    reading a body larger than the import limit."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):  # noqa: N803
        self.activated = True

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > settings.COORD_IMPORT_MAX_BYTES:
            raise StopUpload(connection_reset=False)
        return super().receive_data_chunk(raw_data, start)
