"""Documents users upload (contract attachments, evidence of fulfilment): what they may be,
and how they are served back.

A file must be no larger than MAX_UPLOAD_SIZE, have an extension of a document type and begin
the way such a file begins; a program is refused whatever it is called. The files are served
back to other users, so what is kept must be what it says it is.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.utils.formats import number_format
from django.utils.functional import Promise, lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MEGABYTE = 1024 * 1024

_OFFICE_ZIP = (b"PK\x03\x04",)  # OOXML and OpenDocument files are ZIP archives
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)  # older Office files and Outlook's .msg
_TEXT = ()  # text: anything but a program
# What a kept document may be: extension -> how such a file begins.
DOCUMENT_TYPES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    **dict.fromkeys(["docx", "xlsx", "pptx", "odt", "ods", "odp", "zip"], _OFFICE_ZIP),
    **dict.fromkeys(["doc", "xls", "ppt", "msg"], _OLE),
    "rtf": (b"{\\rtf",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "gif": (b"GIF87a", b"GIF89a"),
    "tif": (b"II*\x00", b"MM\x00*"),
    "tiff": (b"II*\x00", b"MM\x00*"),
    **dict.fromkeys(["txt", "csv", "xml", "eml"], _TEXT),
}
# Programs (Windows, ELF, Mach-O, scripts) are refused whatever they are called.
_PROGRAMS = (b"MZ", b"\x7fELF", b"\xcf\xfa\xed\xfe", b"\xfe\xed\xfa", b"#!")


def megabytes(size_in_bytes: int) -> str:
    """A size in megabytes as the active language writes numbers: "50 MB", and "2,5 MB" in Danish
    where English writes "2.5 MB". Rounded up to a tenth, so that a file just over a limit never
    reads as the limit itself."""
    tenths = -(-size_in_bytes * 10 // MEGABYTE)
    return f"{number_format(Decimal(tenths) / 10, 0 if tenths % 10 == 0 else 1)} MB"


# For messages kept and shown later, or stored in every language: written as they are shown.
megabytes_lazy = lazy(megabytes, str)


def too_large(size: int, limit: int) -> Promise:
    """The message refusing a file of `size` bytes where `limit` is the most; lazy, so that it
    reads in the language it is shown (or stored) in."""
    return format_lazy(
        gettext_lazy("The file is too large ({size}); the maximum is {limit}."),
        size=megabytes_lazy(size),
        limit=megabytes_lazy(limit),
    )


def validate_document(upload) -> None:
    """Raise ValidationError (naming the file, in the user's language) unless `upload` is a
    document of an allowed type and size.

    As a model field's validator it also sees files kept already (a FieldFile, when the row is
    cleaned again): those were checked when they came and are not read back from storage.
    """
    if getattr(upload, "_committed", False):
        return
    if upload.size > settings.MAX_UPLOAD_SIZE:
        raise ValidationError(too_large(upload.size, settings.MAX_UPLOAD_SIZE))
    extension = upload.name.rpartition(".")[2].lower() if "." in upload.name else ""
    if extension not in DOCUMENT_TYPES:
        raise ValidationError(
            _("%(name)s is not a document type we keep. Allowed: %(types)s.")
            % {"name": upload.name, "types": ", ".join(sorted(DOCUMENT_TYPES))}
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    starts = DOCUMENT_TYPES[extension]
    if head.startswith(_PROGRAMS) or (starts and not head.startswith(starts)):
        raise ValidationError(
            _("%(name)s is not what its name says: its content is not that of a .%(type)s file.")
            % {"name": upload.name, "type": extension}
        )


def document_download(file: FieldFile, *, filename: str = "") -> FileResponse:
    """A kept document as an attachment to download; 404 when there is none, or when storage
    no longer has the file (restored from a backup without its media, say)."""
    if not file:
        raise Http404
    try:
        handle = file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(handle, as_attachment=True, filename=filename)
