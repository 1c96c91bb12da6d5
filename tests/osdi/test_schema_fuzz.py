"""Every operation of the OSDI API, fuzzed from its own OpenAPI description (schemathesis).

Generated requests, valid and not, with a token holding every scope: no answer may be a
server error, and every answer must match what the description promises (status codes,
content type, body schema). Resources registered later are covered with no change here.

Two checks are left out. That every schema-valid request is accepted: a valid shape may
still break a rule the schema cannot say (an address already signed up, a filter naming a
field the resource does not filter on), and the API answers those with 400, as Action
Network. And that every schema-violating request is refused: query parameters the API does
not know are ignored, as Action Network ignores them (clients add their own). Wrong bodies
are refused, and tests/osdi/test_core_errors.py says so.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import negative_data_rejection, positive_data_acceptance

from alianza.core.osdi.tokens import api_token_create
from alianza.wsgi import application

LEFT_OUT = [positive_data_acceptance, negative_data_rejection]
schema = schemathesis.openapi.from_wsgi("/api/osdi/v1/openapi.json", application)


@pytest.fixture
def keep_the_test_connection():
    """Requests go straight to the WSGI app, whose request signals would close the database
    connection (and the test's transaction with it) after each one, as Django's own test
    client prevents."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def fuzz_token(db, django_user_model, settings, keep_the_test_connection) -> str:
    settings.OSDI_RATE_LIMIT = ""  # hundreds of requests in a few seconds are the point here
    user = django_user_model.objects.create_user(username="fuzz", password="x", is_staff=True)
    return api_token_create(user=user, name="Fuzz", scopes=["*"])[1]


@schema.parametrize()
@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
@pytest.mark.django_db
def test_every_operation_answers_as_its_description_says(case, fuzz_token):
    case.call_and_validate(headers={"OSDI-API-Token": fuzz_token},
                           excluded_checks=LEFT_OUT)


class _TestResourceApp(WSGIHandler):
    """The site with the test-only resource of urls_test_resource: the core layer's paging,
    filters and body handling fuzzed before (and apart from) any real resource."""

    def get_response(self, request):
        request.urlconf = "tests.osdi.urls_test_resource"
        return super().get_response(request)


core_schema = schemathesis.openapi.from_wsgi("/api/osdi/v1/openapi.json", _TestResourceApp())


@core_schema.include(path_regex="test_groups").parametrize()
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
@pytest.mark.django_db
def test_the_core_layer_answers_fuzzed_requests_as_described(case, fuzz_token):
    case.call_and_validate(headers={"OSDI-API-Token": fuzz_token},
                           excluded_checks=LEFT_OUT)


@schema.include(method="PUT", path_regex=r"/events/\{event_id\}").parametrize()
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
@pytest.mark.django_db
def test_changes_to_a_real_event_and_attendance_answer_as_described(case, fuzz_token):
    """The PUTs reach an event and an attendance that exist, so generated bodies get past
    the lookup to the editor's form and the registration service."""
    from tests.convenings.factories import event_create, registration_create

    event = event_create()
    case.path_parameters["event_id"] = str(event.uuid)
    if "attendance_id" in case.path_parameters:
        case.path_parameters["attendance_id"] = str(registration_create(event).uuid)
    case.call_and_validate(headers={"OSDI-API-Token": fuzz_token},
                           excluded_checks=LEFT_OUT)
