"""The words and quotations a drafted reply structure compares (see comments.reply_draft)."""

import re

# Common English words that say nothing about what a comment answers.
_STOP_WORDS_TEXT = """
    a about above after again against all almost also although always am among an and another any anyone anything
    are aren't around as at be because been before being below between both but by can can't cannot could couldn't
    did didn't do does doesn't doing don't done down during each either else enough even ever every everyone
    everything few for from further get gets getting go goes going gone got had hadn't has hasn't have haven't having
    he he's her here hers herself him himself his how however i i'd i'll i'm i've if in into is isn't it it's its
    itself just know let like made make many may me might mine more most much must my myself never no nor not nothing
    now of off often on once one only or other others our ours out over own perhaps quite rather really said same
    say says see seem seems shall she should shouldn't since so some something still such sure take than that that's
    the their theirs them themselves then there there's these they they're thing things think this those though
    through thus to too under until up upon us very want was wasn't way we we're well were weren't what what's when
    where which while who whom whose why will with within without won't would wouldn't yes yet you you're your yours
    yourself
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())
STEM_LENGTH = 5  # words are compared by their first five letters: "invited" and "invitation" meet
WORD = re.compile(r"[^\W_](?:[\w'\u2019-]*[^\W_])?")
LINK = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
QUOTED = re.compile(
    r"[\"\u201c\u00ab\u201e](.+?)[\"\u201d\u00bb\u201c]|(?<!\w)[\u2018'](.+?)[\u2019'](?!\w)", re.DOTALL
)
MIN_QUOTE_WORDS = 2  # a single word in quotation marks is usually a sneer ("partners"), not a quotation


def stem(word: str) -> str:
    return word[:STEM_LENGTH]


def content_words(text: str) -> dict[str, str]:
    """Each stem in the text with the first word that gave it, stop words, links and one-letter words left out."""
    found: dict[str, str] = {}
    for raw in WORD.findall(LINK.sub(" ", text)):
        word = re.sub(r"['\u2019]s$", "", raw.lower())
        if word.replace("\u2019", "'") in STOP_WORDS or (len(word) < 3 and not any(c.isdigit() for c in word)):
            continue
        found.setdefault(stem(word), word)
    return found


def normalise(text: str) -> str:
    """Lower case, one space between words, punctuation gone: how quotations are matched to their source."""
    return " ".join(WORD.findall(text.lower().replace("\u2019", "'")))


def quoted_phrases(text: str) -> list[str]:
    """Phrases the text quotes, normalised: in quotation marks, or on lines starting with '>'.

    A quotation shortened with "..." is split at the ellipsis; each part of two words or more is a phrase.
    """
    pieces = [line.lstrip()[1:] for line in text.split("\n") if line.lstrip().startswith(">")]
    pieces += [double or single for double, single in QUOTED.findall(text)]
    phrases: list[str] = []
    for piece in pieces:
        for part in re.split(r"\.\.\.|…|\[[^\]]*\]", piece):
            phrase = normalise(part)
            if len(phrase.split()) >= MIN_QUOTE_WORDS and phrase not in phrases:
                phrases.append(phrase)
    return phrases
