"""
manage.py generate_demo_roles --count N [--seed S] | --delete: synthetic roles for load tests.

Demo roles are published so that every public list sees them, and marked so they can never be
mistaken for content: `is_demo` is set, the title starts with "Demo: ", the slug is `demo-<n>`
and the introduction says the role is generated. They are made from small word lists here and
written to the database only (never to fixtures/).

Running it again adds more: the numbers carry on from the highest demo role, so `--count 1000`
twice gives 2,000 demo roles. `--delete` removes every demo role and nothing else.
"""

import argparse
import random
import re
import time
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from careerguide import catalogue
from careerguide.progress import progress
from guides.markdown import render_markdown
from guides.models import EducationLevel, Industry, Role, RoleIndustry
from occupations.models import Occupation

BATCH_SIZE = 1000
MAX_COUNT = 1_000_000
TITLE_PREFIX = "Demo: "
SLUG_PREFIX = "demo-"
_DEMO_SLUG = re.compile(rf"^{SLUG_PREFIX}(\d+)$")
# One role in three gets industries, so the industry facet has something to count.
INDUSTRY_SHARE = 3

SENIORITIES = [
    "Junior", "Senior", "Lead", "Principal", "Associate", "Assistant", "Chief", "Staff",
    "Trainee", "Deputy",
]  # fmt: skip
FIELDS = [
    "Records", "Data", "Office", "Quality", "Supply", "Customer", "Laboratory", "Site",
    "Payroll", "Claims", "Network", "Marine", "Retail", "Safety", "Archive", "Studio", "Fleet",
    "Energy", "Garden", "Library",
]  # fmt: skip
JOBS = [
    "Analyst", "Clerk", "Technician", "Coordinator", "Specialist", "Planner", "Inspector",
    "Officer", "Assistant", "Designer", "Operator", "Advisor", "Manager", "Engineer",
    "Scheduler", "Auditor",
]  # fmt: skip
TASKS = [
    "schedules", "reports", "invoices", "inventory", "forecasts", "audits", "contracts",
    "samples", "tickets", "shipments", "budgets", "surveys", "permits", "drawings", "backups",
    "orders", "claims", "rosters", "manuals", "metrics",
]  # fmt: skip
VERBS = [
    "checks", "files", "reviews", "prepares", "tracks", "updates", "sorts", "plans",
    "records", "tests",
]  # fmt: skip


def count_argument(value):
    """--count: a whole number from 1 to MAX_COUNT, or a clear error."""
    try:
        number = int(value)
    except ValueError:
        number = None
    if number is None or not 1 <= number <= MAX_COUNT:
        raise argparse.ArgumentTypeError(
            f"must be a whole number from 1 to {MAX_COUNT:,}, not {value!r}."
        )
    return number


class Command(BaseCommand):
    help = (
        "Create N published demo roles for load and scale tests (marked is_demo, titled "
        "'Demo: ...'), or remove every demo role with --delete. Numbers carry on from the "
        "highest existing demo role."
    )

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument(
            "--count", type=count_argument, help="How many demo roles to add (1 or more)."
        )
        action.add_argument(
            "--delete", action="store_true", help="Remove every demo role, and nothing else."
        )
        parser.add_argument(
            "--seed", type=int, help="Seed the generator for a repeatable set of roles."
        )

    def handle(self, *args, count, delete, seed, verbosity, **options):
        started = time.perf_counter()
        show = verbosity > 0
        if delete:
            deleted = self._delete(show)
            if show:
                self.stdout.write(
                    self.style.SUCCESS(
                        f"Deleted {deleted:,} demo roles in {time.perf_counter() - started:.1f} s."
                        f" Roles left: {Role.objects.count():,}, none of them demo."
                    )
                )
            return
        created, first, linked = self._create(count, random.Random(seed), show)
        if show:
            self._report(created, first, linked, time.perf_counter() - started)

    def _create(self, count, rng, show):
        occupations = _occupation_codes()
        industries = list(Industry.objects.values_list("pk", flat=True))
        now = timezone.now()
        intros = {}
        linked = 0
        number = _next_number()
        first = None
        # All or nothing: an interrupted run leaves no half-made batch behind.
        with transaction.atomic():
            taken = _taken_numbers()
            with progress(self, "Demo roles", total=count, unit=" roles", show=show) as bar:
                made = 0
                while made < count:
                    roles = []
                    while len(roles) < min(BATCH_SIZE, count - made):
                        if number not in taken:
                            roles.append(_demo_role(number, rng, occupations, intros, now))
                            first = first or number
                        number += 1
                    Role.objects.bulk_create(roles)
                    linked += _link_industries(roles, industries, rng)
                    made += len(roles)
                    bar.update(len(roles))
            # The official figures of their occupations, which the list filters and sorts by
            # (only the roles without them yet are written).
            Role.objects.filter(is_demo=True).refresh_official_figures()
            catalogue.changed()  # bulk_create sends no signal: the list must count them
        return count, first, linked

    def _delete(self, show):
        ids = list(Role.objects.filter(is_demo=True).values_list("pk", flat=True))
        with (
            transaction.atomic(),
            progress(self, "Deleting", total=len(ids), unit=" roles", show=show) as bar,
        ):
            for start in range(0, len(ids), BATCH_SIZE):
                batch = ids[start : start + BATCH_SIZE]
                # is_demo again: only ever demo roles, whatever happened since the ids were read.
                Role.objects.filter(pk__in=batch, is_demo=True).delete()
                bar.update(len(batch))
        catalogue.changed()
        return len(ids)

    def _report(self, created, first, linked, seconds):
        demo = Role.objects.filter(is_demo=True).count()
        self.stdout.write(
            f"Created {created:,} demo roles from {SLUG_PREFIX}{first} on, {linked:,} of them "
            f"linked to industries, in {seconds:.1f} s."
        )
        self.stdout.write(
            f"Demo roles now: {demo:,} of {Role.objects.count():,} roles. "
            "Remove them all with: manage.py generate_demo_roles --delete"
        )
        self.stdout.write(self.style.SUCCESS("Demo roles ready."))


def _occupation_codes():
    """Codes to point demo roles at: detailed occupations if imported, else any."""
    detailed = Occupation.objects.filter(group=Occupation.Group.DETAILED)
    codes = list(detailed.values_list("code", "title"))
    return codes or list(Occupation.objects.values_list("code", "title"))


def _next_number():
    """One past the highest demo number, so a second run adds rather than collides."""
    slugs = Role.objects.filter(is_demo=True).values_list("slug", flat=True)
    numbers = [int(match[1]) for slug in slugs.iterator() if (match := _DEMO_SLUG.match(slug))]
    return max(numbers, default=0) + 1


def _taken_numbers():
    """Numbers whose `demo-<n>` slug a real role already has (unlikely, but slugs are unique)."""
    slugs = Role.objects.filter(is_demo=False, slug__startswith=SLUG_PREFIX).values_list(
        "slug", flat=True
    )
    return {int(match[1]) for slug in slugs if (match := _DEMO_SLUG.match(slug))}


def _demo_role(number, rng, occupations, intros, now):
    job = f"{rng.choice(FIELDS)} {rng.choice(JOBS)}"
    introduction = (
        f"Demo data for load tests: *{job}* is a generated role, not a real career guide."
    )
    if introduction not in intros:  # a few hundred distinct sentences: render each once
        intros[introduction] = render_markdown(introduction)
    occupation_code, occupation_title = rng.choice(occupations) if occupations else (None, "")
    tasks = " ".join(f"{rng.choice(VERBS)} {rng.choice(TASKS)}" for _ in range(3))
    return Role(
        title=f"{TITLE_PREFIX}{rng.choice(SENIORITIES)} {job} {number:05d}",
        slug=f"{SLUG_PREFIX}{number}",
        is_demo=True,
        status=Role.Status.PUBLISHED,
        published_at=now,
        introduction=introduction,
        introduction_html=intros[introduction],
        education_level=rng.choice(EducationLevel.values),
        growth_percent=Decimal(rng.randint(-50, 120)) / 10,
        occupation_id=occupation_code,
        # What refresh_search_body would store: the occupation's title, then generated words.
        search_body=f"{occupation_title}\n{tasks}".strip(),
    )


def _link_industries(roles, industries, rng):
    """Give one role in INDUSTRY_SHARE one or two industries; return how many roles got some."""
    if not industries:
        return 0
    links = []
    linked = 0
    for role in roles:
        if rng.randrange(INDUSTRY_SHARE):
            continue
        linked += 1
        chosen = rng.sample(industries, min(len(industries), rng.randint(1, 2)))
        links += [
            RoleIndustry(role_id=role.pk, industry_id=industry, order=order)
            for order, industry in enumerate(chosen, start=1)
        ]
    RoleIndustry.objects.bulk_create(links)
    return linked
