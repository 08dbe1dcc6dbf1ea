"""A deterministic generator of realistic discussions for the benchmark.

The shape follows what real threads look like: about a quarter of the comments
are top-level, replies go mostly to recent comments, a few back-and-forth chains
run down to the depth limit, bodies run from 50 to 800 characters (some with
several paragraphs and links), about 200 people write them, and a few are hidden
by a moderator or deleted by their author. Up-votes are few on most comments and many on a few
(a Pareto spread); the signed-in reader the benchmark reads as, the first author, has voted on one
comment in twenty.

Only the dates follow the clock: the discussion spans two years, its newest comment half an hour
old when the run starts, so the page writes relative times of every kind, from minutes to years,
as a long-lived discussion's page does.

Live writes go through Comment.objects one at a time, under their locks. A benchmark
needs 10,000 comments in seconds, so this builds each tree in memory, numbers its
nested set (lft, rght, level) itself and bulk-inserts it, level by level, into a
database that exists only for the benchmark; comments.integrity then proves every
tree it wrote is sound.
"""

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from comments.integrity import find_problems
from comments.models import Comment, Vote
from comments.rendering import Markup, render_body
from forum.articles.models import Article

SEED = 20261127
AUTHORS = 200
READER = 0  # the author the benchmark's signed-in reader logs in as (bench.run.signed_in_client)
ROOT_SHARE = 0.25
HIDDEN_SHARE = 0.01
DELETED_SHARE = 0.01
RECENT_BIAS = 25  # replies go mostly to the last few dozen comments, as on a live page
DEEPEST_LEVEL = Comment.MAX_DEPTH - 1
LAST_COMMENT_AGO = timedelta(minutes=30)  # a live discussion: its newest comment is half an hour old
SPAN = timedelta(days=730)  # ... and its first two years old

WORD_TEXT = (
    "the of and to a in is it that for on was with as be this have not are but they at by from or you "
    "an had one all were we there can their if has more been would when which what about so no said "
    "people do up time them some could into than other just like its only any then also after how "
    "government policy war peace treaty border army economy sanctions oil gas price market trade "
    "president minister election vote parliament court law rights press report source official "
    "history century empire region country city village river coast mountain north south east west "
    "argument point evidence reason fact claim opinion comment reply thread article author reader "
    "agree disagree maybe probably certainly never always often rarely really quite rather indeed "
    "because although however therefore meanwhile otherwise instead besides still already yet again "
    "think believe know remember forget read write explain understand wonder doubt suspect expect "
    "good bad better worse best worst big small long short old new early late high low strong weak"
)
WORDS = WORD_TEXT.split()
DOMAINS = ("en.wikipedia.org/wiki", "www.reuters.com/world", "example.org/archive", "news.example.com/2026")
NAME_TEXT = (
    "alex sam jordan taylor morgan casey riley jamie avery quinn robin drew kim lee pat chris dana "
    "jesse blake cameron reese sky kai noor omar lena ivan olga yuki mei ana luis"
)
FIRST_NAMES = NAME_TEXT.split()


@dataclass(slots=True)
class Node:
    """One comment before it is written: its place in its tree and its content."""

    index: int
    parent: "Node | None"
    author: int  # an index into the authors
    level: int
    created: datetime
    body: str
    children: list["Node"] = field(default_factory=list)
    state: str = Comment.State.VISIBLE
    public_reason: str = ""
    voters: list[int] = field(default_factory=list)  # indexes into the authors
    tree: int = 0
    lft: int = 0
    rght: int = 0


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(5, 18))]
    if rng.random() < 0.08:
        words.insert(rng.randrange(len(words)), f"https://{rng.choice(DOMAINS)}/{rng.randint(1000, 99999)}")
    text = " ".join(words)
    return text[0].upper() + text[1:] + rng.choice(".....?!")


def body_text(rng: random.Random) -> str:
    """50 to 800 characters, most of them short; about one in five has several paragraphs."""
    target = min(800, max(50, int(rng.lognormvariate(5.3, 0.7))))
    paragraph_count = rng.choice((2, 2, 3, 4)) if rng.random() < 0.2 else 1
    paragraphs: list[list[str]] = [[] for _ in range(paragraph_count)]
    length = 0
    while length < target:
        words = sentence(rng)
        rng.choice(paragraphs).append(words)
        length += len(words) + 1
    text = "\n\n".join(" ".join(paragraph) for paragraph in paragraphs if paragraph)
    return text[:800].rstrip()


def plan_discussion(count: int, seed: int = SEED) -> list[Node]:
    """`count` comments in posting order; every reply's parent comes before it."""
    rng = random.Random(f"{seed}:{count}")
    roots_wanted = max(1, round(count * ROOT_SHARE))
    nodes: list[Node] = []
    roots_made = 0
    clock = datetime(2000, 1, 1, tzinfo=UTC)  # shifted below so that the newest comment is recent

    mean_gap = SPAN.total_seconds() / max(1, count - 1)

    def add(parent: Node | None, author: int) -> Node:
        nonlocal clock
        # Gaps of up to twice the mean: the discussion spans about SPAN, and the rate varies.
        clock += timedelta(seconds=rng.uniform(0, 2 * mean_gap))
        node = Node(len(nodes), parent, author, 0 if parent is None else parent.level + 1, clock, body_text(rng))
        if parent is not None:
            parent.children.append(node)
        nodes.append(node)
        return node

    def recent_parent() -> Node:
        while True:
            candidate = nodes[max(0, len(nodes) - 1 - int(rng.expovariate(1 / RECENT_BIAS)))]
            if candidate.level < DEEPEST_LEVEL:
                return candidate

    # Back-and-forth chains down to the depth limit: one per 2,000 comments, at least one.
    deep_chains_left = max(1, count // 2000)
    while len(nodes) < count:
        remaining = count - len(nodes)
        roots_left = roots_wanted - roots_made
        if not nodes or rng.random() < roots_left / remaining:
            add(None, rng.randrange(AUTHORS))
            roots_made += 1
            continue
        parent = recent_parent()
        spare = remaining - roots_left  # replies still to place
        if deep_chains_left and spare >= DEEPEST_LEVEL and rng.random() < 0.05:
            length, deep_chains_left = DEEPEST_LEVEL - parent.level, deep_chains_left - 1
        elif spare >= 4 and rng.random() < 0.03:
            length = min(spare, DEEPEST_LEVEL - parent.level, rng.randint(3, 10))
        else:
            add(parent, rng.randrange(AUTHORS))
            continue
        pair = (rng.randrange(AUTHORS), parent.author)
        for step in range(length):
            parent = add(parent, pair[step % 2])

    shift = timezone.now() - LAST_COMMENT_AGO - clock
    for node in nodes:
        node.created += shift
    for node in rng.sample(nodes, round(count * (HIDDEN_SHARE + DELETED_SHARE))):
        if rng.random() < HIDDEN_SHARE / (HIDDEN_SHARE + DELETED_SHARE):
            node.state = Comment.State.HIDDEN
            node.public_reason = rng.choice(("", "personal attack", "spam"))
        else:
            node.state = Comment.State.DELETED
    add_votes(nodes, random.Random(f"{seed}:{count}:votes"))
    return nodes


def add_votes(nodes: list[Node], rng: random.Random) -> None:
    """Up-votes on the visible comments, by anyone but their author; from a generator of their own, so
    the discussion's shape does not depend on them."""
    visible = [node for node in nodes if node.state == Comment.State.VISIBLE]
    for position, node in enumerate(visible):
        wanted = min(AUTHORS // 2, int(rng.paretovariate(1.2)) - 1)
        voters = set(rng.sample(range(AUTHORS), wanted))
        if position % 20 == 0:
            voters.add(READER)
        node.voters = sorted(voters - {node.author})


def number_trees(nodes: list[Node], first_tree_id: int) -> None:
    """Give every tree its id and every node its nested-set numbers, iteratively (chains are deep)."""
    tree_id = first_tree_id
    for root in (node for node in nodes if node.parent is None):
        root.tree, root.lft = tree_id, 1
        counter = 1
        stack = [(root, iter(root.children))]
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                counter += 1
                node.rght = counter
                stack.pop()
            else:
                counter += 1
                child.tree, child.lft = tree_id, counter
                stack.append((child, iter(child.children)))
        tree_id += 1


def ensure_authors() -> list[int]:
    """The benchmark's 200 commenters, made once per database; their primary keys in a fixed order."""
    User = get_user_model()
    names = [f"{FIRST_NAMES[i % len(FIRST_NAMES)]}_{i:03d}" for i in range(AUTHORS)]
    existing = set(User.objects.filter(username__in=names).values_list("username", flat=True))
    # A hash starting with "!" is Django's unusable password: these accounts write, they never log in.
    unusable = make_password(None)
    joined = timezone.now() - timedelta(days=365)  # regulars, not the new accounts the stricter rate limit is for
    User.objects.bulk_create(
        [User(username=name, password=unusable, date_joined=joined) for name in names if name not in existing]
    )
    pks = dict(User.objects.filter(username__in=names).values_list("username", "pk"))
    return [pks[name] for name in names]


@transaction.atomic
def create_discussion(slug: str, count: int, seed: int = SEED) -> Article:
    """An article with a generated discussion of exactly `count` comments, its trees verified sound."""
    article = Article.objects.create(
        title=f"A discussion of {count:,} comments",
        slug=slug,
        deck="Generated for the benchmark.",
        body="\n\n".join(body_text(random.Random(f"{seed}:article:{paragraph}")) for paragraph in range(6)),
        published=timezone.now() - LAST_COMMENT_AGO,
    )
    if count == 0:
        return article
    nodes = plan_discussion(count, seed)
    article.published = nodes[0].created - timedelta(hours=1)
    article.save(update_fields=["published"])
    number_trees(nodes, (Comment.objects.aggregate(highest=Max("tree_id"))["highest"] or 0) + 1)
    authors = ensure_authors()
    rows: dict[int, Comment] = {}
    for level in range(DEEPEST_LEVEL + 1):
        batch = []
        for node in nodes:
            if node.level != level:
                continue
            rows[node.index] = Comment(
                article=article,
                parent=None if node.parent is None else rows[node.parent.index],
                author_id=authors[node.author],
                body=node.body,
                body_html=render_body(node.body, Markup.MARKDOWN),
                created=node.created,
                state=node.state,
                public_reason=node.public_reason,
                tree_id=node.tree,
                lft=node.lft,
                rght=node.rght,
                level=node.level,
                vote_count=len(node.voters),
            )
            batch.append(rows[node.index])
        Comment.objects.bulk_create(batch, batch_size=1000)
    Vote.objects.bulk_create(
        [Vote(comment=rows[node.index], voter_id=authors[voter]) for node in nodes for voter in node.voters],
        batch_size=2000,
    )
    tree_ids = sorted({node.tree for node in nodes})
    problems = find_problems(tree_ids)
    if problems:
        raise AssertionError(f"generated trees are broken: {problems}")
    return article
