"""Import terms from a CSV or XLSX file, checked exactly as the admin's import checks them."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from import_export.formats.base_formats import CSV, XLSX

from terms.imports import TermResource

FORMATS = {".csv": CSV, ".xlsx": XLSX}


class Command(BaseCommand):
    help = (
        "Import terms from a CSV or XLSX file (one row per term, the admin's import format). "
        "Nothing is written if any row has an error."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .csv or .xlsx file")
        parser.add_argument(
            "--dry-run", action="store_true", help="check the file and report, writing nothing"
        )

    def handle(self, *args, file, dry_run, **options):
        path = Path(file)
        if path.suffix.lower() not in FORMATS:
            raise CommandError(f"{path.name}: give a .csv or .xlsx file.")
        file_format = FORMATS[path.suffix.lower()]()
        try:
            data = path.read_bytes() if file_format.is_binary() else path.read_text("utf-8-sig")
            dataset = file_format.create_dataset(data)
        except (OSError, UnicodeDecodeError, ValueError) as error:
            raise CommandError(f"{path.name}: cannot read it ({error}).") from None
        result = TermResource().import_data(dataset, dry_run=dry_run, file_name=path.name)
        totals = result.totals
        self.stdout.write(
            f"{path.name}: {totals['new']} new, {totals['update']} changed, "
            f"{totals['skip']} unchanged."
        )
        errors = list(error_lines(result))
        if errors:
            for line in errors:
                self.stderr.write(line)
            raise CommandError(f"{len(errors)} error(s): nothing was imported.")
        self.stdout.write("Dry run: nothing was written." if dry_run else "Imported.")


def error_lines(result):
    """Yield one line per error: its row, its column and the message."""
    for error in result.base_errors:
        yield f"File: {error.error}"
    for row_number, errors in result.row_errors():
        for error in errors:
            yield f"Row {row_number}: {error.error}"
    for row in result.invalid_rows:
        for column, messages in row.error_dict.items():
            for message in messages:
                yield f"Row {row.number}, column {column}: {message}"
