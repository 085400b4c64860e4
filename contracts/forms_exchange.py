"""Forms of the exchange pages: the import upload."""

from pathlib import Path

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from config.uploads import too_large

from .exchange import FileFormat


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_("A CSV or Excel (.xlsx) file whose first line names the columns."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        suffix = Path(upload.name or "").suffix.lower().lstrip(".")
        if suffix not in {file_format.value for file_format in FileFormat}:
            raise forms.ValidationError(
                _("Upload a CSV (.csv) or Excel (.xlsx) file, not “%(name)s”."),
                code="file_type",
                params={"name": upload.name},
            )
        if upload.size > settings.MAX_UPLOAD_SIZE:
            raise forms.ValidationError(
                too_large(upload.size, settings.MAX_UPLOAD_SIZE), code="file_size"
            )
        self.cleaned_data["file_format"] = FileFormat(suffix)
        return upload
