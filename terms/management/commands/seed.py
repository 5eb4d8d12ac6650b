"""Load the seed fixtures into an empty glossary."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from terms.models import Term


class Command(BaseCommand):
    help = "Load the 'glossary' fixtures when the database has no terms yet."

    def handle(self, *args, **options):
        if Term.objects.exists():
            self.stdout.write("The database already has terms; seed fixtures not loaded.")
            return
        call_command("loaddata", "glossary", verbosity=options["verbosity"])
