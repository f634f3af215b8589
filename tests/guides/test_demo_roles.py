"""manage.py generate_demo_roles: marked demo roles for load tests, and --delete."""

from decimal import Decimal
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from guides.models import EducationLevel, Industry, Role, RoleIndustry
from tests.builders import make_occupation, make_projection, make_role

pytestmark = pytest.mark.django_db

LIST = reverse("careers:list")


def generate(**options):
    stdout, stderr = StringIO(), StringIO()
    call_command("generate_demo_roles", stdout=stdout, stderr=stderr, **options)
    return stdout.getvalue(), stderr.getvalue()


@pytest.fixture
def occupations():
    return [
        make_occupation("43-9061", "Office Clerks, General", national_annual_median=45010),
        make_occupation("29-1141", "Registered Nurses", national_annual_median=93600),
        make_occupation("27-2011", "Actors", national_annual_median=None),
    ]


@pytest.fixture
def industries():
    return [
        Industry.objects.create(name="Healthcare", slug="healthcare"),
        Industry.objects.create(name="Financial Services", slug="financial-services"),
    ]


def test_creates_published_roles_marked_as_demo(occupations, industries):
    stdout, stderr = generate(count=60, seed=1)

    demo = Role.objects.filter(is_demo=True)
    assert demo.count() == 60
    assert set(Role.objects.published().filter(is_demo=True)) == set(demo)
    assert {role.slug for role in demo} == {f"demo-{number}" for number in range(1, 61)}
    for role in demo:
        assert role.title.startswith("Demo: ")
        assert "generated role, not a real career guide" in role.introduction
        assert role.introduction_html.startswith("<p>Demo data for load tests")
        assert role.education_level in EducationLevel.values
        assert Decimal("-5") <= role.growth_percent <= Decimal("12")
        assert role.occupation_id in {occupation.code for occupation in occupations}
        assert role.search_body
    assert len({role.education_level for role in demo}) > 3
    assert RoleIndustry.objects.filter(role__is_demo=True).exists()
    assert "Demo roles" in stderr  # the progress bar
    assert "Created 60 demo roles from demo-1 on" in stdout


def test_without_occupations_or_industries_roles_have_none():
    generate(count=5)

    assert not Role.objects.filter(occupation_id__isnull=False).exists()
    assert not RoleIndustry.objects.exists()


def test_running_again_adds_more_with_numbers_carrying_on():
    generate(count=5)
    stdout, _ = generate(count=5)

    assert Role.objects.filter(is_demo=True).count() == 10
    assert "from demo-6 on" in stdout
    assert Role.objects.filter(slug="demo-10", is_demo=True).exists()


def test_the_same_seed_makes_the_same_roles(occupations):
    generate(count=20, seed=7)
    first = list(Role.objects.order_by("slug").values_list("title", "occupation_id"))
    generate(delete=True)
    generate(count=20, seed=7)

    assert list(Role.objects.order_by("slug").values_list("title", "occupation_id")) == first


def test_skips_numbers_whose_slug_a_real_role_has():
    real = make_role(slug="demo-1", title="A real role with an unlucky slug")

    stdout, _ = generate(count=3)

    assert set(Role.objects.filter(is_demo=True).values_list("slug", flat=True)) == {
        "demo-2",
        "demo-3",
        "demo-4",
    }
    assert "from demo-2 on" in stdout
    real.refresh_from_db()
    assert not real.is_demo


def test_delete_removes_demo_roles_only(industries):
    real = make_role(title="Demo Day Planner", slug="demo-day-planner")
    RoleIndustry.objects.create(role=real, industry=industries[0], order=1)
    generate(count=30)

    stdout, _ = generate(delete=True)

    assert list(Role.objects.all()) == [real]
    assert list(RoleIndustry.objects.all()) == list(real.role_industries.all())
    assert "Deleted 30 demo roles" in stdout


@pytest.mark.parametrize("count", ["0", "-1", "abc", "1.5", "", "1000001"])
def test_invalid_counts_are_refused_clearly(count):
    with pytest.raises(CommandError, match="--count: must be a whole number from 1 to"):
        generate(count=count)
    assert not Role.objects.exists()


def test_count_or_delete_is_required():
    with pytest.raises(CommandError, match="one of the arguments --count --delete is required"):
        generate()


def test_never_writes_to_fixtures():
    fixtures = settings.BASE_DIR / "fixtures"
    before = {path: path.stat().st_mtime_ns for path in fixtures.rglob("*")}

    generate(count=5)

    assert {path: path.stat().st_mtime_ns for path in fixtures.rglob("*")} == before


def test_demo_roles_are_listed_searched_filtered_and_sorted(client, occupations, industries):
    make_role(title="Registered Nurse", education_level=EducationLevel.BACHELOR)
    nurses, clerks = occupations[1], occupations[0]
    make_projection(nurses, entry_education="Bachelor's degree")
    make_projection(clerks)  # high school
    generate(count=40, seed=3)
    demo = Role.objects.filter(is_demo=True)

    listed = client.get(LIST)
    searched = client.get(LIST, {"q": "demo"})
    bachelor = client.get(LIST, {"q": "demo", "education": "bachelor"})
    by_pay = client.get(LIST, {"q": "demo", "sort": "pay-high"})
    in_healthcare = client.get(LIST, {"industry": "healthcare"})

    assert listed.context["page"].paginator.count == 41
    assert searched.context["page"].paginator.count == 40
    # BLS's typical entry education of their occupations, as for every role.
    assert bachelor.context["page"].paginator.count == demo.filter(occupation=nurses).count() > 0
    assert all(
        role.official_education == EducationLevel.BACHELOR
        for role in bachelor.context["page"].object_list
    )
    assert by_pay.context["page"].object_list[0].occupation_id == "29-1141"  # the highest median
    assert in_healthcare.context["page"].paginator.count == (
        demo.filter(role_industries__industry__slug="healthcare").count()
    )
    assert "<mark>Demo</mark>: " in searched.text  # the title, with the search word marked
