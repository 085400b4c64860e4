"""config.uploads.validate_document: what every document upload (attachments, evidence) refuses."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from config.uploads import MEGABYTE, megabytes, too_large, validate_document


@pytest.mark.parametrize(
    ("language", "size", "written"),
    [
        ("da", 50 * MEGABYTE, "50 MB"),
        ("en", 50 * MEGABYTE, "50 MB"),
        ("da", 5 * MEGABYTE // 2, "2,5 MB"),
        ("en", 5 * MEGABYTE // 2, "2.5 MB"),
        # Rounded up: just over a limit never reads as the limit.
        ("da", 50 * MEGABYTE + 1, "50,1 MB"),
        ("en", 50 * MEGABYTE + 1, "50.1 MB"),
        ("da", 2000, "0,1 MB"),
    ],
)
def test_megabytes_are_written_as_the_language_writes_numbers(language, size, written):
    with translation.override(language):
        assert megabytes(size) == written


def test_the_too_large_message_reads_in_the_language_it_is_shown_in():
    message = too_large(5 * MEGABYTE // 2, 2 * MEGABYTE)

    with translation.override("en"):
        assert str(message) == "The file is too large (2.5 MB); the maximum is 2 MB."
    with translation.override("da"):
        assert "(2,5 MB)" in str(message)
        assert str(message).endswith(" 2 MB.")


@pytest.mark.parametrize(("language", "size"), [("da", "(1,2 MB)"), ("en", "(1.2 MB)")])
def test_a_file_too_large_is_refused_with_its_size_as_the_language_writes_it(
    settings, language, size
):
    settings.MAX_UPLOAD_SIZE = 1024 * 1024
    upload = SimpleUploadedFile("rapport.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 110_000))

    with translation.override(language):
        with pytest.raises(ValidationError) as error:
            validate_document(upload)
        [message] = error.value.messages

    assert size in message
    assert message.endswith(" 1 MB.")
