"""Shared fixtures: personas, a real SMTP server, and compiled translations."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command

from alianza.coalition.models import Organization, Person, Workgroup, WorkgroupText

PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="session", autouse=True)
def compiled_translations() -> None:
    call_command("i18n_compile", verbosity=0)


DB_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "live_server"}


@pytest.fixture(autouse=True)
def fresh_rate_limits_and_language(request, settings) -> Iterator[None]:
    """Each test starts in English with empty rate-limit counters.

    Superusers need no second factor here unless a test asks for production's rule; the
    personas log in with ``force_login`` and would otherwise be sent to enrol first.
    """
    from django.core.cache import caches
    from django.utils import translation

    from alianza.core.page_cache import generation_forget

    settings.REQUIRE_2FA_FOR_SUPERUSERS = False
    caches["default"].clear()
    generation_forget()  # cached pages (and the library's filters) are keyed by it
    # The shared cache lives in the database: only tests that may use the database can
    # clear it.
    if request.node.get_closest_marker("django_db") or DB_FIXTURES & set(request.fixturenames):
        request.getfixturevalue("_django_db_helper")  # the test's own database set-up, first
        caches["shared"].clear()
    translation.activate("en")
    yield
    translation.activate("en")


@dataclass
class Mailbox:
    """What a real SMTP server (aiosmtpd) received during a test."""

    messages: list[EmailMessage] = field(default_factory=list)
    fail_next: int = 0  # answer this many deliveries with a temporary failure

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 - aiosmtpd API
        if self.fail_next:
            self.fail_next -= 1
            return "451 4.3.0 Try again later"
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append(message)
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if address.lower() in m["To"].lower()]

    def body(self, message: EmailMessage) -> str:
        return message.get_body(preferencelist=("plain",)).get_content()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server(settings) -> Iterator[Mailbox]:
    """A real SMTP server on loopback; Django's SMTP backend sends to it."""
    mailbox = Mailbox()
    port = _free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    try:
        yield mailbox
    finally:
        controller.stop()


@dataclass
class S3Bucket:
    """A bucket on a real S3-compatible server (moto's, on loopback)."""

    client: object
    name: str

    def object_names(self) -> list[str]:
        listing = self.client.list_objects_v2(Bucket=self.name)
        return [item["Key"] for item in listing.get("Contents", [])]


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@pytest.fixture
def s3_storage(settings, s3_endpoint) -> S3Bucket:
    """Uploaded files go to a fresh private bucket, as with MEDIA_S3_BUCKET in production."""
    import uuid

    import boto3

    name = f"alianza-{uuid.uuid4().hex[:12]}"
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1",
                          aws_access_key_id="test", aws_secret_access_key="test")
    client.create_bucket(Bucket=name)
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"bucket_name": name, "endpoint_url": s3_endpoint,
                    "region_name": "us-east-1", "access_key": "test", "secret_key": "test",
                    "location": "media", "default_acl": None, "file_overwrite": False},
    }}
    return S3Bucket(client=client, name=name)


# TASKS_BACKEND=rq runs the tests marked `tasks` through Redis and a real rq worker instead.
TASKS_ON_RQ = os.environ.get("TASKS_BACKEND", "").strip() in {"rq", "django_tasks_rq.RQBackend"}
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/13")


@pytest.fixture(autouse=True)
def tasks_run_immediately(request, settings) -> None:
    """Unless a test says otherwise, queued tasks run at once in the test process."""
    if TASKS_ON_RQ and request.node.get_closest_marker("tasks"):
        request.getfixturevalue("rq_tasks")
        return
    settings.TASKS = {"default": {"BACKEND": _immediate_backend()}}


@pytest.fixture
def rq_tasks(settings) -> Iterator[None]:
    """Queued tasks go to Redis (``TEST_REDIS_URL``) and a real rq worker runs them.

    Skipped where no Redis answers, unless TESTS_REQUIRE_REDIS=1 (CI) makes that a failure."""
    import redis

    try:
        redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("TESTS_REQUIRE_REDIS") == "1":
            raise
        pytest.skip(f"no Redis at {TEST_REDIS_URL}")
    from tests.rq_worker import queue_empty

    settings.RQ_QUEUES = {"default": {"URL": TEST_REDIS_URL, "DEFAULT_TIMEOUT": 300}}
    settings.TASKS = {"default": {"BACKEND": "tests.rq_worker.BurstRQBackend",
                                  "QUEUES": ["default"]}}
    queue_empty()
    yield
    queue_empty()


def _immediate_backend() -> str:
    from importlib.util import find_spec

    if find_spec("django.tasks"):
        return "django.tasks.backends.immediate.ImmediateBackend"
    return "django_tasks.backends.immediate.ImmediateBackend"


# Personas ------------------------------------------------------------------------------


@pytest.fixture
def staff_user(django_user_model):
    user = django_user_model.objects.create_user(
        "staff", "staff@example.org", PASSWORD, is_staff=True, is_superuser=True
    )
    return user


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def workgroup(db) -> Workgroup:
    group = Workgroup.objects.create(slug="policy")
    WorkgroupText.objects.create(workgroup=group, language="en", name="Policy Workgroup",
                                 description="State and local policy.")
    WorkgroupText.objects.create(workgroup=group, language="es",
                                 name="Grupo de trabajo de políticas",
                                 description="Políticas estatales y locales.")
    return group


@pytest.fixture
def other_workgroup(db) -> Workgroup:
    group = Workgroup.objects.create(slug="grassroots-organizing")
    WorkgroupText.objects.create(workgroup=group, language="en",
                                 name="Grassroots Organizing Workgroup")
    return group


@pytest.fixture
def lead_user(django_user_model, workgroup):
    user = django_user_model.objects.create_user("lead", "lead@example.org", PASSWORD)
    workgroup.leads.add(user)
    return user


@pytest.fixture
def lead_client(client, lead_user):
    client.force_login(lead_user)
    return client


@pytest.fixture
def member_contact_user(django_user_model, db):
    """A contact at a member organization with a login but no staff rights."""
    organization = Organization.objects.create(
        name="Parent Organization Network", kind="parent_group",
        membership_status=Organization.Membership.MEMBER,
    )
    user = django_user_model.objects.create_user("member", "member@example.org", PASSWORD)
    person = Person.objects.create(name="Member Contact", email="member@example.org")
    person.affiliations.create(organization=organization, title="Director")
    return user


@pytest.fixture
def member_client(client, member_contact_user):
    client.force_login(member_contact_user)
    return client


@pytest.fixture
def statement(db):
    from django.utils import timezone

    from alianza.coalition.models import Statement, StatementText, StatementVersion

    statement = Statement.objects.create(slug="statement-of-agreement")
    version = StatementVersion.objects.create(
        statement=statement, number=1, published_at=timezone.now()
    )
    StatementText.objects.create(version=version, language="en", title="Statement of Agreement",
                                 summary="Our shared vision.", body="We believe.")
    StatementText.objects.create(version=version, language="es", title="Declaración de Acuerdo",
                                 summary="Nuestra visión compartida.", body="Creemos.")
    return statement
