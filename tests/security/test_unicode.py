"""Unicode trickery: stored exactly as typed, shown as text, and never a second account for a look-alike name."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from comments.models import Comment
from tests.builders import make_article, make_comment, make_user

RIGHT_TO_LEFT_OVERRIDE = "\u202e"
# Each trick, and what is stored and shown of it: bidi embeddings, overrides and isolates are
# removed (tests/comments/test_bidi_and_combining_marks.py tests the whole class); the rest stays.
TRICKS = {
    f"invoice{RIGHT_TO_LEFT_OVERRIDE}fdp.exe": "invoicefdp.exe",  # would show as "invoiceexe.pdf"
    "zero\u200bwidth\u200dsplit\ufeff": "zero\u200bwidth\u200dsplit\ufeff",
    "e\u0301\u0301\u0301\u0301 stacked accents": "e\u0301\u0301\u0301\u0301 stacked accents",
    "\u2066isolate\u2069 and \u202aembedding\u202c": "isolate and embedding",
    "full-width ＜script＞alert(1)＜/script＞": "full-width ＜script＞alert(1)＜/script＞",
    "𝓶𝓪𝓽𝓱 letters and 👩‍👩‍👧 emoji": "𝓶𝓪𝓽𝓱 letters and 👩‍👩‍👧 emoji",
}


@pytest.mark.parametrize(("text", "kept"), TRICKS.items())
def test_tricky_text_is_stored_as_typed_less_bidi_controls_and_shown_as_text(client, db, text, kept):
    author = make_user("writer")
    client.force_login(author)
    article = make_article()
    response = client.post(reverse("comments:comment_on_article", args=[article.slug]), {"body": text})
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.body == kept
    html = client.get(comment.get_permalink()).content.decode()
    assert kept in html  # exactly the characters kept, none dropped or rewritten
    assert "<script>" not in html


@pytest.mark.parametrize(("text", "kept"), TRICKS.items())
def test_tricky_author_names_are_shown_as_text_in_the_author_slot(client, db, text, kept):
    comment = make_comment(make_article(), author_name=text)
    html = client.get(comment.get_permalink()).content.decode()
    # The name sits alone in its own element, which the stylesheet isolates (unicode-bidi),
    # so even a control stored before they were removed could not reorder the text around it.
    assert f'<span class="author">{kept}</span>' in html


def test_author_names_and_the_signed_in_name_are_bidi_isolated_by_the_stylesheet(settings):
    css = (settings.BASE_DIR / "static" / "css" / "forum.css").read_text()
    rule = next(line for line in css.splitlines() if "unicode-bidi" in line)
    assert ".author" in rule and ".signed-in-as" in rule and "isolate" in rule


@pytest.mark.parametrize(
    "look_alike",
    ["alice", "Alice", "ALICE", "ａｌｉｃｅ", "ᴬlice"],
)
def test_a_username_that_folds_to_an_existing_one_is_refused(client, db, look_alike):
    make_user("alice")
    response = client.post(
        reverse("signup"),
        {"username": look_alike, "password1": "a long pass phrase", "password2": "a long pass phrase"},
    )
    assert response.status_code in {200, 400}
    assert get_user_model().objects.count() == 1


@pytest.mark.parametrize("name", ["al\u200bice", f"alice{RIGHT_TO_LEFT_OVERRIDE}", "ali\u0000ce", "ali ce"])
def test_usernames_with_invisible_or_control_characters_are_refused(client, db, name):
    response = client.post(
        reverse("signup"),
        {"username": name, "password1": "a long pass phrase", "password2": "a long pass phrase"},
    )
    assert response.status_code in {200, 400}
    assert not get_user_model().objects.exists()
