from unittest import mock

import pytest
from django.core.cache import cache

from comments.models import Comment
from tests.builders import make_article, make_comment


@pytest.mark.django_db(transaction=True)
def test_a_write_commits_and_answers_when_the_cache_cannot_be_reached(client, alice):
    article = make_article()
    parent = make_comment(article)
    client.force_login(alice)
    with mock.patch.object(cache, "incr", side_effect=ConnectionError("cache down")) as incr:
        response = client.post(parent.get_reply_url(), {"body": "Still saved.", "submission_key": ""})
    assert incr.called
    assert response.status_code == 302
    assert Comment.objects.filter(parent=parent, body="Still saved.").count() == 1
