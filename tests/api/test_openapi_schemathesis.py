"""Schemathesis against /api/openapi.json, in process through the WSGI app: every operation, valid and
hostile inputs, no 500 and every response as the document describes it."""

import pytest
import schemathesis
from django.core.cache import cache
from hypothesis import HealthCheck, settings

from forum.wsgi import application
from tests.builders import make_article, make_chain, make_comment, make_moderator, make_user

pytestmark = pytest.mark.django_db(transaction=True)

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


@pytest.fixture
def discussion(db):
    cache.clear()
    alice = make_user("alice")
    article = make_article(slug="rivers")
    top = make_comment(article, body="**top**", author=alice)
    make_chain(article, 3, author=alice)
    make_comment(article, top, author_name="Imported")
    hidden = make_comment(article, top, body="hidden text", author=alice)
    hidden.hide(by=make_moderator(), reason="x", public=True)
    return article


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_matches_its_schema(case, discussion):
    # Every check, undocumented methods included: they get 405 with Allow (forum/http_methods.py).
    case.call_and_validate()


@pytest.mark.parametrize(
    ("template", "address"),
    [
        ("/a/{slug}.json", "/a/rivers.json"),
        ("/a/{slug}.json", "/a/rivers.json?page=1"),
        ("/c/{id}.json", "/c/{top}.json"),
        ("/c/{id}.json", "/c/{hidden}.json"),
        ("/u/{username}.json", "/u/alice.json"),
        ("/a/{slug}.json", "/a/rivers.json?page=9"),
        ("/a/{slug}.json", "/a/rivers.json?page=zero"),
    ],
)
def test_real_answers_match_the_schema(discussion, template, address):
    from werkzeug.test import Client

    from comments.models import Comment

    top = Comment.objects.filter(article=discussion, parent=None).first()
    hidden = Comment.objects.get(state=Comment.State.HIDDEN)
    response = Client(application).get(address.format(top=top.pk, hidden=hidden.pk), headers={"Host": "localhost"})
    assert response.status_code in (200, 400, 404)
    schema[template]["GET"].validate_response(response)
