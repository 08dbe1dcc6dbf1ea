"""The Markdown comments are written in: a safe CommonMark subset, turned into HTML for rendering.py to sanitise.

Kept: paragraphs and line breaks, emphasis and strong, links and bare URLs, block quotes,
inline code and code blocks, lists, strikethrough, and @name mentions (mention_links.py).
Raw HTML is shown as the text it is; images stay links to the image; headings are bold
paragraphs (a comment has no sections); thematic breaks are text. markdown-it-py does the
parsing (CommonMark-compliant, and it refuses javascript:, vbscript:, file: and data: link
targets itself); nh3 has the last word.
"""

import re

from markdown_it import MarkdownIt

from comments.mention_links import SKIP, link_mentions, prose_tokens

# Each nested quote or list costs a level; past this depth markdown-it stops opening blocks and
# reads the rest as text, so ten thousand ">" cost no more than a short comment.
MAX_NESTING = 20

# The schemes nh3 lets through (rendering.ALLOWED_URL_SCHEMES); a link to any other stays text,
# rather than becoming a link with its target removed. Addresses without a scheme are relative.
LINK_SCHEMES = {"http", "https", "mailto"}
SCHEME = re.compile(r"\s*([a-z][a-z0-9+.-]*):", re.IGNORECASE)

ALLOWED_TAGS = {"p", "br", "a", "em", "strong", "s", "code", "pre", "blockquote", "ul", "ol", "li"}
ALLOWED_ATTRIBUTES = {"a": {"href"}, "ol": {"start"}}
ALLOWED_CLASSES = {"a": {"mention"}}  # mention_links.MENTION_CLASS; markdown-it writes no class from what was typed


def _heading_open(renderer, tokens, index, options, env) -> str:
    return "<p><strong>"


def _heading_close(renderer, tokens, index, options, env) -> str:
    return "</strong></p>\n"


def _is_allowed_link(url: str) -> bool:
    scheme = SCHEME.match(url)
    return scheme is None or scheme[1].lower() in LINK_SCHEMES


def _parser() -> MarkdownIt:
    parser = MarkdownIt(
        "commonmark",
        # breaks: a single line break is kept, as people expect from a comment box (and as plain text shows).
        {"html": False, "linkify": True, "breaks": True, "typographer": False, "maxNesting": MAX_NESTING},
    )
    parser.enable(["strikethrough", "linkify"])
    parser.disable(["image", "hr"])
    parser.validateLink = _is_allowed_link
    parser.add_render_rule("heading_open", _heading_open)
    parser.add_render_rule("heading_close", _heading_close)
    # Last, once links and code are known and adjacent text is joined: "@name" becomes a link to their page.
    parser.core.ruler.push("mention_links", link_mentions)
    return parser


_PARSER = _parser()


def markdown_html(text: str) -> str:
    """HTML for `text` read as Markdown; not yet sanitised (render_body does that)."""
    return _PARSER.render(text).rstrip("\n")


def prose(text: str) -> str:
    """The parts of `text` where an @name is a mention (outside code and links), one per line: what
    notifications read, so they tell exactly the people the rendered comment links."""
    tokens = _PARSER.parse(text, {SKIP: True})
    return "\n".join(children[index].content for children, index in prose_tokens(tokens))
