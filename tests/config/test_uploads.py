"""config.uploads.validate_document: what every document upload (attachments, evidence) refuses."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from config.uploads import validate_document


def test_a_file_too_large_is_refused_with_its_size_as_the_language_writes_it(settings):
    settings.MAX_UPLOAD_SIZE = 1024 * 1024
    upload = SimpleUploadedFile("rapport.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 110_000))

    with translation.override("da"), pytest.raises(ValidationError) as error:
        validate_document(upload)

    assert error.value.messages == ["Filen er for stor (1,1 MB); den må højst fylde 1 MB."]
