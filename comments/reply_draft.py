"""Draft who answers whom in a scraped discussion whose indentation was lost, for a person to review.

A scrape keeps the page's depth-first order: a reply follows the comment it
answers or one of that comment's replies. So a comment's parent is the article
or one of the comments on the path back from the comment before it, and each
comment is placed by the first of these that speaks, nearest candidate first:

1. it names a candidate's author ("@Brother Ma", "Jimmy,"), or "both of you"
   closes a two-person exchange;
2. it quotes a candidate ("..." or a line starting with ">"), or the article;
3. its author answered the comment before that one: an alternating exchange;
4. it opens as an answer ("Why ?", "Gee.", "Thanks,", "And yet", "You ...")
   or is only a link: it answers the comment right before it;
5. otherwise, the words it shares (stop words left out) with each candidate
   and with the article: the comment right before it wins ties and near ties,
   since replies most often answer it; the article winning starts a new thread.

Every decision comes back with its reason, for the replies file.
"""

import re
from dataclasses import dataclass

from comments.document import DocumentError, ParsedComment, ParsedDocument, ReplyLine
from comments.reply_words import content_words, normalise, quoted_phrases, stem

PREVIOUS_COMMENT_MARGIN = 1  # a one-word lead over the comment right before is noise, not an answer elsewhere
MIN_FIRST_NAME = 3  # "Jimmy," addresses Jimmy Jim; "S," does not address S Melanson
SHOWN_WORDS = 3  # a reason names at most this many shared words
ANSWER_OPENINGS = re.compile(
    r"^(?:gee|thanks|thank you|agreed|exactly|indeed|wow|yes|yeah|yep|nope|no|true|wrong|nonsense|lol|haha|"
    r"sorry|absolutely|correct|precisely|ok|okay|oh|really|hmm|sure|well said|not really|quite)\b\s*[.,!?:;…]"
    r"|^(?:and|but|yet|except|nor)\b"
    r"|^(?:you|your|you're|you\u2019re)\b",
    re.IGNORECASE,
)
SHORT_QUESTION = re.compile(r"^\W*(?:\w+\W*){1,3}\?")  # "Why ?", "How so?", "Source?"
BOTH_OF_YOU = re.compile(r"\b(?:both of you|you both|you two)\b", re.IGNORECASE)
ONLY_A_LINK = re.compile(r"^\s*(?:https?://|www\.)\S+\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Placement:
    parent: int | None
    why: str


def draft_replies(document: ParsedDocument) -> list[ReplyLine]:
    """One line per comment, in order: its drafted parent and the signal that placed it."""
    article_words = content_words(" ".join([document.title, document.deck, document.body]))
    by_number = {comment.number: comment for comment in document.comments}
    words = {comment.number: content_words(comment.body) for comment in document.comments}
    parents: dict[int, int | None] = {}
    lines: list[ReplyLine] = []
    path: list[int] = []  # from a top-level comment down to the comment before this one
    for comment in document.comments:
        candidates = [by_number[number] for number in reversed(path)]  # nearest first
        if not candidates:
            placement = Placement(None, "the first comment: opens a thread")
        else:
            placement = (
                _by_name(comment, candidates)
                or _by_quote(comment, candidates, document)
                or _by_exchange(comment, candidates, parents, by_number)
                or _by_answer_form(comment, candidates)
                or _by_shared_words(comment, candidates, words, article_words)
            )
        parents[comment.number] = placement.parent
        lines.append(ReplyLine(comment.number, comment.author, placement.parent, placement.why))
        if placement.parent is None:
            path = [comment.number]
        else:
            path = [*path[: path.index(placement.parent) + 1], comment.number]
    return lines


def _by_name(comment: ParsedComment, candidates: list[ParsedComment]) -> Placement | None:
    text = comment.body
    for candidate in candidates:
        if not candidate.author or candidate.author == comment.author:
            continue
        if (form := _names(text, candidate.author)) is not None:
            return Placement(candidate.number, f"names {form} (#{candidate.number})")
    if (match := BOTH_OF_YOU.search(text)) and len(candidates) >= 2:
        last, before = candidates[0], candidates[1]
        if last.author != before.author and comment.author not in (last.author, before.author):
            return Placement(
                last.number,
                f"'{match.group(0)}' answers the exchange of #{before.number} and #{last.number}, "
                "under its last comment",
            )
    return None


def _names(text: str, author: str) -> str | None:
    """How the text names the author: the whole name anywhere, or its first words addressing them."""
    name = author.strip(" .!?,;:-")
    if name and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text):
        return name
    words = name.split()
    for count in range(len(words), 0, -1):
        prefix = " ".join(words[:count])
        if len(prefix) < MIN_FIRST_NAME:
            continue
        escaped = re.escape(prefix)
        # An address: "@Jimmy", "Jimmy," at the start, or ", Jimmy." closing a sentence.
        if re.search(rf"@{escaped}(?!\w)|^\W*{escaped}\s*[,:\u2014\u2013-]|,\s*{escaped}\s*[.!?]", text, re.IGNORECASE):
            return prefix
    return None


def _by_quote(comment: ParsedComment, candidates: list[ParsedComment], document: ParsedDocument) -> Placement | None:
    phrases = quoted_phrases(comment.body)
    for candidate in candidates:
        source = normalise(candidate.body)
        for phrase in phrases:
            if phrase in source:
                return Placement(candidate.number, f"quotes '{phrase}' from #{candidate.number}")
    article = normalise(" ".join([document.title, document.deck, document.body]))
    for phrase in phrases:
        if phrase in article:
            return Placement(None, f"quotes '{phrase}' from the article: new thread")
    return None


def _by_exchange(
    comment: ParsedComment,
    candidates: list[ParsedComment],
    parents: dict[int, int | None],
    by_number: dict[int, ParsedComment],
) -> Placement | None:
    last = candidates[0]
    answered = parents.get(last.number)
    if answered is None or last.author == comment.author:
        return None
    if by_number[answered].author == comment.author:
        return Placement(
            last.number,
            f"goes on with the exchange with {last.author or 'anonymous'}: "
            f"#{last.number} answered this author's #{answered}",
        )
    return None


def _by_answer_form(comment: ParsedComment, candidates: list[ParsedComment]) -> Placement | None:
    last = candidates[0]
    text = comment.body.lstrip()
    if ONLY_A_LINK.match(text):
        return Placement(last.number, f"only a link: put under the comment before it (#{last.number}); check it")
    if (match := ANSWER_OPENINGS.match(text) or SHORT_QUESTION.match(text)) is not None:
        opening = match.group(0).strip()
        return Placement(last.number, f"opens with '{opening}', an answer to #{last.number}")
    return None


def _by_shared_words(
    comment: ParsedComment,
    candidates: list[ParsedComment],
    words: dict[int, dict[str, str]],
    article_words: dict[str, str],
) -> Placement:
    own = words[comment.number]
    shared = {
        candidate.number: [own[stem] for stem in own if stem in words[candidate.number]] for candidate in candidates
    }
    with_article = [own[stem] for stem in own if stem in article_words]
    last = candidates[0].number
    # The nearest comment with the most shared words; the one right before wins near ties.
    best = max(
        candidates,
        key=lambda c: (
            len(shared[c.number]) + (PREVIOUS_COMMENT_MARGIN if c.number == last else 0),
            -candidates.index(c),
        ),
    ).number
    best_score = len(shared[best]) + (PREVIOUS_COMMENT_MARGIN if best == last else 0)
    if len(with_article) > best_score:
        return Placement(
            None,
            f"closer to the article ({_shown(with_article)}) than to #{best} "
            f"({len(shared[best])} words shared): new thread",
        )
    if not shared[best]:
        return Placement(best, f"shares too few words with anything to move it: under the comment before it (#{best})")
    # Words the article does not use say more about what is answered, so they are shown first.
    telling = sorted(shared[best], key=lambda word: stem(word) in article_words)
    return Placement(best, f"shares {_shown(telling)} with #{best}")


def _shown(words: list[str]) -> str:
    shown = ", ".join(f"'{word}'" for word in words[:SHOWN_WORDS])
    return shown + (f" and {len(words) - SHOWN_WORDS} more" if len(words) > SHOWN_WORDS else "")


def format_replies(document: ParsedDocument, lines: list[ReplyLine], name: str) -> str:
    """The replies file for the drafted lines, in the format comments.document.parse_replies reads."""
    for comment in document.comments:
        if "|" in comment.author:
            raise DocumentError(
                f"{name}, line {comment.line}: the author {comment.author!r} has a '|', "
                "which a replies file cannot hold"
            )
    width = max(len(line.author) for line in lines)
    header = [
        f"# Reply structure of {name}, DRAFTED from the page order and what each comment says.",
        "# Review every line before importing: the reason says which signal placed the comment.",
        "#",
        "# One line per comment, in document order:  number | author | replies to | why",
        '# "replies to" is the number of an earlier comment, or "-" for the article.',
        '# An empty author is the commenter with no name; it shows as "anonymous".',
    ]
    body = [
        f"{line.number:<2} | {line.author:<{width}} | {line.parent or '-':<2} | {line.why.replace('|', '/')}"
        for line in lines
    ]
    return "\n".join([*header, *body]) + "\n"
