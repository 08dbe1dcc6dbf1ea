"""Every verb that writes a comment's text or state leaves a fresh piece, rendered when it writes,
so the next page assembles it without rendering anything."""

from django.contrib.auth import get_user_model

from comments import pieces
from comments.models import Comment
from tests.builders import make_article, make_comment, make_moderator, make_user


def stored(comment: Comment) -> Comment:
    return Comment.objects.get(pk=comment.pk)


def assert_fresh(comment: Comment, *present: str, absent: tuple[str, ...] = ()) -> None:
    row = stored(comment)
    assert row.piece_version == pieces.version_for(row.state)
    for text in present:
        assert text in row.piece_html
    for text in absent:
        assert text not in row.piece_html


def test_a_posted_reply_has_its_piece_with_its_own_id_and_links(db):
    article, writer = make_article(), make_user("writer")
    parent = Comment.objects.start_thread(article, author=writer, body="The first")
    reply = Comment.objects.reply(parent, author=writer, body="An *answer*")
    assert_fresh(reply, "<em>answer</em>", f'href="/c/{reply.pk}/"', f'href="#c{parent.pk}"', ">writer<")


def test_an_edit_renders_the_piece_again(db):
    writer = make_user("writer")
    comment = make_comment(make_article(), author=writer, body="before")
    comment.edit(by=writer, body="after")
    assert_fresh(comment, "after", 'class="edited"', absent=("before",))


def test_hiding_and_unhiding_render_the_piece_again(db):
    moderator = make_moderator("keeper")
    comment = make_comment(make_article(), author=make_user("writer"), body="rude words")
    comment.hide(by=moderator, reason="rude", public=True)
    assert_fresh(comment, "[removed by a moderator: rude]", "[removed]", absent=("rude words", "writer"))
    comment.unhide(by=moderator)
    assert_fresh(comment, "rude words", "writer", absent=("[removed",))


def test_locking_and_unlocking_replies_render_the_piece_again(db):
    moderator = make_moderator("keeper")
    comment = make_comment(make_article(), author=make_user("writer"), body="heated")
    comment.lock_replies(by=moderator, reason="cool off")
    assert_fresh(comment, "Replies locked by a moderator: cool off", "heated")
    comment.unlock_replies(by=moderator)
    assert_fresh(comment, "heated", absent=("Replies locked",))


def test_an_authors_deletion_renders_the_piece_again(db):
    writer = make_user("writer")
    comment = make_comment(make_article(), author=writer, body="regretted")
    comment.delete_by_author(by=writer)
    assert_fresh(comment, "[deleted]", absent=("regretted", "writer"))


def test_a_renamed_author_is_shown_under_the_new_name(client, db):
    writer = make_user("oldname")
    comment = make_comment(make_article(), author=writer)
    writer.username = "newname"
    writer.save()
    page = client.get(comment.article.get_absolute_url()).content.decode()
    assert ">newname<" in page and ">oldname<" not in page


def test_a_deleted_account_leaves_its_comments_by_anonymous(client, db):
    writer = make_user("leaver")
    comment = make_comment(make_article(), author=writer)
    get_user_model().objects.filter(pk=writer.pk).delete()
    page = client.get(comment.article.get_absolute_url()).content.decode()
    assert ">anonymous<" in page and "leaver" not in page


def test_a_log_in_does_not_mark_the_pieces_stale(db):
    writer = make_user("writer")
    comment = make_comment(make_article(), author=writer)
    writer.save(update_fields=["last_login"])
    assert_fresh(comment, ">writer<")


def test_a_body_cannot_forge_a_slot_of_its_piece(client, db):
    article, writer = make_article(), make_user("writer")
    body = f"one {pieces.MARK}vote{pieces.MARK} two <!--slot:reader_links--> three"
    comment = Comment.objects.start_thread(article, author=writer, body=body)
    names = pieces.split_piece(stored(comment).piece_html)[1::2]
    assert names == ["relative_time", "folded_count", "meta_end", "vote", "reader_links"]
    page = client.get(article.get_absolute_url()).content.decode()
    assert "one vote two" in page and "three" in page  # Markdown drops the HTML comment, nh3 any left
    assert pieces.MARK not in page
