"""The occupations app: the Standard Occupational Classification, the tree every career sits in."""

from django.apps import AppConfig


class OccupationsConfig(AppConfig):
    name = "occupations"

    def ready(self):
        # Public pages show every model of this app: a change to any row, in the admin or
        # elsewhere, makes cached pages obsolete (imports say so themselves).
        from careerguide import catalogue

        catalogue.watch(*self.get_models())
