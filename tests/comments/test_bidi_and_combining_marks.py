"""Bidirectional controls and towers of combining marks are neutralised in what readers see.

"https://evil.example/" + U+202E + "gepj.exe" would show as a harmless ".exe.jpeg"-looking name,
and ten thousand accents on one letter draw over the comments around it. Embeddings, overrides
and isolates are removed from every comment and name; direction marks stay in prose (right-to-left
writing needs them) but not in link text or names; a letter keeps at most four combining marks.
"""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from comments.models import Comment
from comments.rendering import Markup, render_body
from comments.validation import BIDI_EMBEDDINGS, BIDI_MARKS, MAX_COMBINING_MARKS
from tests.builders import make_article, make_comment

EMBEDDINGS = sorted(BIDI_EMBEDDINGS)
MARKS = sorted(BIDI_MARKS)
EVERY_CONTROL = EMBEDDINGS + MARKS
ACUTE = "\u0301"


def code(character: str) -> str:
    return f"U+{ord(character):04X}"


def test_the_class_is_every_embedding_override_isolate_and_mark():
    expected = [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C]
    assert sorted(map(ord, EVERY_CONTROL)) == sorted(expected)


@pytest.mark.parametrize("control", EMBEDDINGS, ids=code)
@pytest.mark.parametrize("markup", Markup.values)
def test_embeddings_overrides_and_isolates_are_removed_from_a_posted_comment(client, alice, control, markup):
    article = make_article()
    client.force_login(alice)
    body = f"see https://evil.example/{control}gepj.exe and {control}this{control} text"
    client.post(reverse("comments:comment_on_article", args=[article.slug]), {"body": body})
    comment = Comment.objects.get()
    Comment.objects.filter(pk=comment.pk).update(markup=markup)
    comment.refresh_from_db()
    comment.save()  # rendered again in this markup
    assert control not in comment.body
    assert control not in comment.body_html
    assert "https://evil.example/gepj.exe" in comment.body_html


@pytest.mark.parametrize("control", EMBEDDINGS, ids=code)
def test_an_edit_removes_them_too(alice, control):
    comment = make_comment(make_article(), author=alice, body="first")
    comment.edit(by=alice, body=f"{control}second")
    comment.refresh_from_db()
    assert (comment.body, comment.body_html) == ("second", "<p>second</p>")


@pytest.mark.parametrize("control", EVERY_CONTROL, ids=code)
@pytest.mark.parametrize("markup", Markup.values)
def test_no_bidi_control_is_left_in_link_text(control, markup):
    html = render_body(f"https://evil.example/{control}gepj.exe", markup)
    assert control not in html.split(">", 1)[1]  # nothing after the opening tag: the link's text
    assert ">https://evil.example/gepj.exe</a>" in html


@pytest.mark.parametrize("mark", MARKS, ids=code)
def test_direction_marks_stay_in_prose(mark):
    assert mark in render_body(f"שלום{mark} (hello)", Markup.MARKDOWN)


@pytest.mark.parametrize("control", EVERY_CONTROL, ids=code)
def test_no_bidi_control_is_left_in_an_author_name(client, db, control):
    comment = make_comment(make_article(), author_name=f"invoice{control}fdp.exe")
    assert comment.author_name == "invoicefdp.exe"
    assert '<span class="author">invoicefdp.exe</span>' in client.get(comment.get_permalink()).content.decode()


@pytest.mark.parametrize("control", EVERY_CONTROL, ids=code)
def test_a_username_with_a_bidi_control_is_refused_at_sign_up(client, db, control):
    response = client.post(
        reverse("signup"),
        {"username": f"alice{control}x", "password1": "a long pass phrase", "password2": "a long pass phrase"},
    )
    assert response.status_code == 400
    assert not get_user_model().objects.exists()


@pytest.mark.parametrize("control", EMBEDDINGS, ids=code)
@pytest.mark.parametrize("markup", Markup.values)
def test_text_stored_before_the_rule_is_neutralised_when_rendered(control, markup):
    html = render_body(f"https://evil.example/{control}gepj.exe {control}and on", markup)
    assert control not in html


def test_a_flood_of_combining_marks_is_cut_to_four_per_letter(client, alice):
    article = make_article()
    client.force_login(alice)
    client.post(reverse("comments:comment_on_article", args=[article.slug]), {"body": "e" + ACUTE * 9_990 + " ok"})
    comment = Comment.objects.get()
    assert comment.body == "e" + ACUTE * MAX_COMBINING_MARKS + " ok"
    assert ACUTE * (MAX_COMBINING_MARKS + 1) not in comment.body_html


@pytest.mark.parametrize(
    "mark",
    ["\u0301", "\u0336", "\u20dd", "\u05b8", "\u0e49", "\ufe0f"],  # acute, overlay, enclosing, Hebrew, Thai, selector
    ids=code,
)
def test_every_kind_of_combining_mark_is_capped_even_behind_invisible_joiners(db, mark):
    comment = make_comment(make_article(), author_name="n" + mark * 50, body="x" + (mark + "\u200d") * 50)
    assert comment.author_name == "n" + mark * MAX_COMBINING_MARKS
    assert comment.body.count(mark) == MAX_COMBINING_MARKS


def test_real_writing_keeps_its_marks(db):
    text = "Tiếng Việt, עִבְרִית, हिन्दी, e\u0301\u0302\u0303\u0304, 👩‍👩‍👧, 1️⃣"
    assert make_comment(make_article(), body=text).body == text


@pytest.mark.parametrize("markup", Markup.values)
def test_a_flood_stored_before_the_rule_is_capped_when_rendered(markup):
    assert render_body("e" + ACUTE * 9_990, markup) == "<p>e" + ACUTE * MAX_COMBINING_MARKS + "</p>"


def test_a_username_with_a_tower_of_marks_is_refused_at_sign_up(client, db):
    response = client.post(
        reverse("signup"),
        {"username": "e" + ACUTE * 50, "password1": "a long pass phrase", "password2": "a long pass phrase"},
    )
    assert response.status_code == 400
    assert not get_user_model().objects.exists()
