"""The salaries app: pay figures of the guides, each with its source and year."""

from django.apps import AppConfig


class SalariesConfig(AppConfig):
    name = "salaries"

    def ready(self):
        # Public pages show every model of this app: a change to any row, in the admin or
        # elsewhere, makes cached pages obsolete (imports say so themselves).
        from careerguide import catalogue

        catalogue.watch(*self.get_models())
