"""Every operation of the OSDI API, fuzzed from its own OpenAPI description (schemathesis).

Generated requests, valid and not, with a token holding every scope: no answer may be a
server error, and every answer must match what the description promises (status codes,
content type, body schema). Resources registered later are covered with no change here.

One check is left out: that every schema-valid request is accepted. A valid shape may still
break a rule the schema cannot say (an address already signed up, a filter naming a field
the resource does not filter on), and the API answers those with 400, as Action Network.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance

from alianza.core.osdi.tokens import api_token_create
from alianza.wsgi import application

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
                           excluded_checks=[positive_data_acceptance])


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
                           excluded_checks=[positive_data_acceptance])
