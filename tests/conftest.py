import os

import pytest
from django.core.management import call_command

from forum.articles.models import Article

SEED_SLUG = "putin-russia-will-not-persuade-iran-to-withdraw-from-syria"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Tests make hundreds of accounts; the production hasher is slow on purpose, and nothing
    # tested here depends on which hasher stored a password.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def seed_article(db) -> Article:
    call_command("load_seed", verbosity=0)
    return Article.objects.get(slug=SEED_SLUG)


@pytest.fixture
def alice(db):
    from tests.builders import make_user

    return make_user("alice")


@pytest.fixture
def bob(db):
    from tests.builders import make_user

    return make_user("bob")


def pytest_report_header(config) -> str:
    from django.conf import settings

    return f"database: {settings.DATABASES['default']['ENGINE']}"


# Playwright's sync API runs an event loop in the test thread; Django's ORM calls in the
# same test are still synchronous and safe there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
