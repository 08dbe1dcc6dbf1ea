"""@name mentions in Markdown made into links to the named person's page, as a markdown-it core rule.

Only prose is read: text inside a link, an inline code span or a code block is never a mention.
Every name in the comment is looked up in one query (comments/mentions.py); at most the mention
limit of people are linked, and a name nobody owns stays the text it was.
"""

from django.urls import reverse
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from comments.mentions import accounts_by_key, candidate_keys, mention_limit, resolve, written_mentions

MENTION_CLASS = "mention"


SKIP = "skip_mention_links"  # set in a parse's env to read the prose without linking (markdown.prose)


def prose_tokens(tokens: list[Token]) -> list[tuple[list[Token], int]]:
    """(children, index) of every text token outside a link that holds an @, in reading order."""
    found = []
    for block in tokens:
        if block.type != "inline" or not block.children:
            continue
        link_depth = 0
        for index, token in enumerate(block.children):
            if token.type == "link_open":
                link_depth += 1
            elif token.type == "link_close":
                link_depth -= 1
            elif token.type == "text" and link_depth == 0 and "@" in token.content:
                found.append((block.children, index))
    return found


def _link(user, written_text: str) -> list[Token]:
    opening = Token("link_open", "a", 1, attrs={"href": reverse("people:profile", args=[user.username])})
    opening.attrSet("class", MENTION_CLASS)
    return [opening, Token("text", "", 0, content="@" + written_text), Token("link_close", "a", -1)]


def link_mentions(state: StateCore) -> None:
    """Replace each mention of an active account in the prose with a link to their page."""
    prose = [] if state.env.get(SKIP) else prose_tokens(state.tokens)
    if not prose:
        return
    mentions = [
        (children, index, written) for children, index in prose for written in written_mentions(children[index].content)
    ]
    accounts = accounts_by_key(candidate_keys(written for _, _, written in mentions))
    linked_people: set[int] = set()
    replacements: dict[tuple[int, int], list[Token]] = {}
    cursors: dict[tuple[int, int], int] = {}
    for children, index, written in mentions:
        found = resolve(written, accounts)
        if found is None:
            continue
        user, name = found
        if user.pk not in linked_people and len(linked_people) == mention_limit():
            continue
        linked_people.add(user.pk)
        place = (id(children), index)
        content = children[index].content
        cursor = cursors.get(place, 0)
        pieces = replacements.setdefault(place, [])
        pieces.append(Token("text", "", 0, content=content[cursor : written.start]))
        pieces.extend(_link(user, name))
        cursors[place] = written.start + 1 + len(name)
    # Splice from the last token back, so earlier indexes stay right.
    for children, index in reversed(prose):
        place = (id(children), index)
        if place in replacements:
            tail = Token("text", "", 0, content=children[index].content[cursors[place] :])
            children[index : index + 1] = [
                piece for piece in [*replacements[place], tail] if piece.type != "text" or piece.content
            ]
