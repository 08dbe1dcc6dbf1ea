"""comments/layout.py links each entry to its parent, its thread's root and its siblings in the order shown;
the page turns them into "reply to <name>" and root / prev / next links (comments/assembly.py)."""

import pytest

from comments.layout import INDENT_DEPTH, layout
from comments.models import Comment
from comments.ordering import best_first
from tests.builders import make_article, make_chain, make_comment, make_moderator, make_user
from tests.html_checks import assert_valid_html, text_of


def thread_of(article) -> list[Comment]:
    return list(article.comments.for_thread())


def links(entries) -> dict[int, tuple]:
    return {e.comment.pk: (e.parent and e.parent.comment.pk, e.root, e.previous, e.next, e.detached) for e in entries}


def test_each_entry_knows_its_parent_root_and_siblings_in_reading_order(db):
    article = make_article()
    a = make_comment(article)
    a1 = make_comment(article, a)
    a1x = make_comment(article, a1)
    a1y = make_comment(article, a1)
    a2 = make_comment(article, a)
    b = make_comment(article)
    assert links(layout(thread_of(article), max_depth=Comment.DISPLAY_DEPTH)) == {
        a.pk: (None, None, None, b.pk, False),
        a1.pk: (a.pk, None, None, a2.pk, False),  # its parent is the root: no separate root link
        a1x.pk: (a1.pk, a.pk, None, a1y.pk, False),
        a1y.pk: (a1.pk, a.pk, a1x.pk, None, False),
        a2.pk: (a.pk, None, a1.pk, None, False),
        b.pk: (None, None, a.pk, None, False),
    }


def test_previous_and_next_follow_the_order_shown_newest_first(db):
    article = make_article()
    a = make_comment(article)
    a1, a2 = make_comment(article, a), make_comment(article, a)
    b = make_comment(article)
    entries = links(layout(thread_of(article), newest=True, max_depth=Comment.DISPLAY_DEPTH))
    assert entries[b.pk][2:4] == (None, a.pk)
    assert entries[a.pk][2:4] == (b.pk, None)
    assert entries[a2.pk][2:4] == (None, a1.pk)
    assert entries[a1.pk][2:4] == (a2.pk, None)


def test_previous_and_next_follow_the_order_shown_best_first(db):
    article = make_article()
    a = make_comment(article)
    a1, a2 = make_comment(article, a), make_comment(article, a)
    Comment.objects.filter(pk=a2.pk).update(vote_count=5)
    rows = best_first(thread_of(article))
    entries = links(layout(rows, max_depth=Comment.DISPLAY_DEPTH))
    assert entries[a2.pk][2:4] == (None, a1.pk)
    assert entries[a1.pk][2:4] == (a2.pk, None)


def test_replies_the_indentation_no_longer_shows_are_detached(db):
    article = make_article()
    chain = make_chain(article, INDENT_DEPTH + 3)
    entries = layout(thread_of(article), max_depth=Comment.DISPLAY_DEPTH)
    assert [e.detached for e in entries] == [False] * (INDENT_DEPTH + 1) + [True, True]
    assert {e.root for e in entries[2:]} == {chain[0].pk}


def test_on_a_comments_own_page_the_first_entry_finds_its_parent_and_root_above_it(db):
    article = make_article()
    chain = make_chain(article, 5)
    focal = Comment.objects.get(pk=chain[3].pk)
    above = layout(focal.get_ancestors(), max_depth=3)
    entries = layout(focal.get_descendants(include_self=True), max_depth=Comment.DISPLAY_DEPTH, above=above)
    assert entries[0].parent.comment == chain[2]
    assert entries[0].root == chain[0].pk
    assert entries[0].detached
    assert not entries[1].detached and entries[1].parent is entries[0]


def test_a_reply_deep_in_a_thread_says_whom_it_answers_with_a_link(client, db):
    article = make_article()
    chain = make_chain(article, INDENT_DEPTH + 2, author_name="Brother Ma")
    deep = make_comment(article, chain[-1], author_name="S Melanson")
    document = assert_valid_html(client.get(article.get_absolute_url()).content.decode())
    line = document.find(f".//li[@id='c{deep.pk}']/article/details/p[@class='reply-to']")
    assert text_of(line) == "reply to Brother Ma"
    assert line.find("a").get("href") == f"#c{chain[-1].pk}"
    # Indented replies show their parent by their place; the words are there for screen readers only.
    shallow = document.find(f".//li[@id='c{chain[1].pk}']/article/details/p[@class='reply-to']")
    assert shallow is None
    heading = document.find(f".//li[@id='c{chain[1].pk}']/article/details/summary/h4")
    assert "reply to Brother Ma" in text_of(heading)


def test_a_reply_on_its_own_page_says_whom_it_answers(client, db):
    article = make_article()
    parent = make_comment(article, author_name="Brother Ma")
    reply = make_comment(article, parent, author_name="S Melanson")
    document = assert_valid_html(client.get(reply.get_permalink()).content.decode())
    line = document.find(f".//li[@id='c{reply.pk}']/article/details/p[@class='reply-to']")
    assert text_of(line) == "reply to Brother Ma"
    assert line.find("a").get("href") == f"#c{parent.pk}"


@pytest.mark.parametrize("state", [Comment.State.HIDDEN, Comment.State.DELETED])
def test_a_reply_to_a_removed_comment_never_names_its_author_to_readers(client, db, state):
    article = make_article()
    chain = make_chain(article, INDENT_DEPTH + 1, author_name="Brother Ma")
    removed = make_comment(article, chain[-1], author_name="Secret Author")
    reply = make_comment(article, removed, author_name="S Melanson")
    Comment.objects.filter(pk=removed.pk).update(state=state)
    for user in (None, make_user("reader")):
        if user:
            client.force_login(user)
        for url in (article.get_absolute_url(), reply.get_permalink()):
            html = client.get(url).content.decode()
            assert "Secret Author" not in html
            document = assert_valid_html(html)
            line = document.find(f".//li[@id='c{reply.pk}']/article/details/p[@class='reply-to']")
            assert text_of(line) == "reply to a removed comment"


def test_a_moderator_sees_a_removed_parent_named_as_removed_too(client, db):
    article = make_article()
    chain = make_chain(article, INDENT_DEPTH + 1)
    removed = make_comment(article, chain[-1], author_name="Secret Author", body="rude")
    reply = make_comment(article, removed)
    removed.hide(by=make_moderator("keeper"), reason="rude")
    client.force_login(make_moderator("mod"))
    document = assert_valid_html(client.get(article.get_absolute_url()).content.decode())
    line = document.find(f".//li[@id='c{reply.pk}']/article/details/p[@class='reply-to']")
    assert text_of(line) == "reply to a removed comment"


def test_names_in_reply_to_lines_and_link_labels_are_escaped(client, db):
    article = make_article()
    name = 'Eve" onmouseover="alert(1)<script>x</script>'
    chain = make_chain(article, INDENT_DEPTH + 1, author_name=name)
    deep = make_comment(article, chain[-1])
    client.force_login(make_user("reader"))
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<script>x" not in html and 'onmouseover="' not in html
    document = assert_valid_html(html)
    line = document.find(f".//li[@id='c{deep.pk}']/article/details/p[@class='reply-to']")
    assert text_of(line) == f"reply to {name}"
    reply = document.find(f".//li[@id='c{chain[-1].pk}']/article/details/p[@class='comment-links']/a[@rel='nofollow']")
    assert reply.get("aria-label") == f"reply to {name}"
    report = document.findall(f".//li[@id='c{chain[-1].pk}']/article/details/p[@class='comment-links']/a")
    assert f"report comment by {name}" in [a.get("aria-label") for a in report]


def test_each_comment_is_an_article_named_by_its_heading_of_the_right_level(client, db):
    article = make_article()
    chain = make_chain(article, 6, author_name="Brother Ma")
    document = assert_valid_html(client.get(article.get_absolute_url()).content.decode())
    for depth, comment in enumerate(chain):
        item = document.find(f".//li[@id='c{comment.pk}']/article")
        assert item.get("aria-labelledby") == f"c{comment.pk}-h"
        heading = document.find(f".//*[@id='c{comment.pk}-h']")
        level = depth + 3  # under the discussion's h2
        assert heading.tag == f"h{min(level, 6)}"
        assert heading.get("aria-level") == (str(level) if level > 6 else None)
        assert f"level {depth + 1}" in text_of(heading)


def test_every_reply_names_its_own_parent_on_a_cut_page_and_where_it_continues(client, db, settings):
    """A thread larger than a page is cut and continued on its comments' own pages (comments/budget.py):
    wherever a reply lands, the words say whom it answers, and the links stay among the comments shown."""
    settings.THREAD_PAGE_COMMENTS = 6
    article = make_article()
    top = make_comment(article, author_name="name-top")
    parents = {}
    for number in range(4):
        first = make_comment(article, top, author_name=f"name-{number}")
        parents[first.pk] = top
        second = make_comment(article, first, author_name=f"name-{number}-a")
        parents[second.pk] = first
        deeper = make_comment(article, second, author_name=f"name-{number}-b")
        parents[deeper.pk] = second
    queue, visited, seen = [article.get_absolute_url()], set(), set()
    while queue and len(visited) < 20:
        url = queue.pop(0)
        if url in visited:
            continue
        visited.add(url)
        document = assert_valid_html(client.get(url).content.decode())
        ids = {item.get("id") for item in document.iter("li") if item.get("id", "").startswith("c")}
        for pk, parent in parents.items():
            heading = document.find(f".//li[@id='c{pk}']/article/details/summary/*")
            if heading is None:
                continue
            seen.add(pk)
            assert f"reply to {parent.author_name}," in text_of(heading)
            for link in document.findall(f".//li[@id='c{pk}']/article/details/p[@class='comment-links']/a"):
                if link.get("href", "").startswith("#"):
                    assert link.get("href")[1:] in ids, f"{link.text} of c{pk} points off the page"
        queue += [link.get("href").partition("#")[0] for link in document.findall(".//p[@class='more-replies']/a")]
    assert seen == set(parents), "every reply was reached"
