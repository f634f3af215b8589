"""The small HTTP helpers the apps share (careerguide/http.py)."""

from django.http import HttpResponse

from careerguide.http import vary_on_htmx


def test_vary_on_htmx_names_both_htmx_headers():
    response = HttpResponse("page")

    assert vary_on_htmx(response) is response
    assert response["Vary"] == "HX-Request, HX-Target"


def test_vary_on_htmx_keeps_the_headers_already_named_and_adds_none_twice():
    response = HttpResponse("page")
    response["Vary"] = "Accept-Encoding, HX-Request"

    vary_on_htmx(vary_on_htmx(response))

    assert response["Vary"] == "Accept-Encoding, HX-Request, HX-Target"
