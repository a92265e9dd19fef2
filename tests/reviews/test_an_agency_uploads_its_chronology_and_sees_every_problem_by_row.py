"""Agencies return their chronology through the review: a file with problems is refused whole, and the
page lists each problem with its row and column; a good file marks the request returned."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from safeguarding.agencies.models import Agency, User
from safeguarding.records.models import Record
from safeguarding.reviews.models import AgencyRequest, PanelMember
from safeguarding.reviews.operations import request_returns

pytestmark = pytest.mark.django_db

HEADER = "agency,record_id,occurred,type,summary,outcome,subject1_role,subject1_name\n"


@pytest.fixture
def housing_request(small_review, chair):
    housing = Agency.objects.get(code="housing")
    [req] = request_returns(
        small_review, [housing], actor=chair, due=dt.date(2022, 3, 1), kinds=["chronology"]
    )
    user = User.objects.create_user("housing.lead", password="x" * 20, role="practitioner", agency=housing)
    PanelMember.objects.create(review=small_review, name="Housing Lead", agency=housing, user=user)
    return req, user


def test_a_bad_file_is_refused_with_each_problem_and_its_row(client, small_review, housing_request):
    req, user = housing_request
    client.force_login(user)
    body = (
        HEADER
        + "housing,H-1,2021-04-01,asb_complaint,Noise,Logged,tenant,Rhona Vexley\n"
        + "housing,H-2,2021-13-45,complaint,x,y,tenant,Rhona Vexley\n"
    )
    response = client.post(
        f"/reviews/{small_review.pk}/requests/{req.pk}/return/",
        {"file": SimpleUploadedFile("housing.csv", body.encode())},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "nothing from it was stored" in html
    assert "Line 3" in html and "occurred" in html and "type" in html
    req.refresh_from_db()
    assert req.returned_on is None and not Record.objects.filter(record_id="H-1").exists()


def test_a_good_file_is_stored_and_the_request_marked_returned(client, small_review, housing_request):
    req, user = housing_request
    client.force_login(user)
    body = HEADER + "housing,H-1,2021-04-01,asb_complaint,Noise from the flat,Logged,tenant,Rhona Vexley\n"
    response = client.post(
        f"/reviews/{small_review.pk}/requests/{req.pk}/return/",
        {"file": SimpleUploadedFile("housing.csv", body.encode())},
    )
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.returned_on is not None and req.record_count == 1 and req.file_name == "housing.csv"
    assert "H-1" in client.get(f"/reviews/{small_review.pk}/chronology/").content.decode()
    assert small_review.review_records.filter(record__record_id="H-1", request=req).exists()


def test_another_agencys_panel_member_cannot_return_housings_chronology(
    client, small_review, housing_request
):
    req, _ = housing_request
    gp_user = User.objects.create_user(
        "gp.lead", password="x" * 20, role="practitioner", agency=Agency.objects.get(code="gp")
    )
    PanelMember.objects.create(review=small_review, name="GP Lead", agency=gp_user.agency, user=gp_user)
    client.force_login(gp_user)
    assert client.get(f"/reviews/{small_review.pk}/requests/{req.pk}/return/").status_code == 404


def test_the_returns_page_says_which_agencies_have_and_have_not_returned(
    client, chair, small_review, housing_request
):
    req, _ = housing_request
    gp = AgencyRequest.objects.get(review=small_review, agency__code="gp", kind="chronology")
    client.force_login(chair)
    html = client.get(f"/reviews/{small_review.pk}/requests/").content.decode()
    assert "2 returned, 1 awaited" in html
    assert gp.status() == "returned" and req.status(dt.date(2022, 3, 2)) == "overdue"
