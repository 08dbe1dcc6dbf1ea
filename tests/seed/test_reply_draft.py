from pathlib import Path

from django.conf import settings

from comments.author_lines import load_unrecorded
from comments.document import parse_replies, read_text
from comments.reply_draft import draft_replies

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
SEED = FIXTURES / "000_bc8de53f18b3238f.txt"
SEED_REPLIES = FIXTURES / "000_bc8de53f18b3238f.replies"
# A made-up discussion of another shape, with the structure a reader gives it.
MADE_UP = Path(__file__).parent / "documents" / "bike_lane.txt"
MADE_UP_REPLIES = Path(__file__).parent / "documents" / "bike_lane.expected"


def disagreements(document: Path, recorded: Path) -> tuple[int, list[str]]:
    drafted = draft_replies(load_unrecorded(document))
    expected = parse_replies(read_text(recorded))
    assert [line.author for line in drafted] == [line.author for line in expected]
    differing = [
        f"#{mine.number}: drafted {mine.parent or '-'} ({mine.why}), recorded {theirs.parent or '-'} ({theirs.why})"
        for mine, theirs in zip(drafted, expected, strict=True)
        if mine.parent != theirs.parent
    ]
    return len(drafted) - len(differing), differing


def test_draft_agrees_with_the_seeds_recorded_structure_for_eleven_of_thirteen():
    agreeing, differing = disagreements(SEED, SEED_REPLIES)
    print("\n".join(["Drafted and recorded parents differ:", *differing]))
    assert agreeing >= 11, differing


def test_draft_places_a_made_up_discussion_as_a_reader_would():
    agreeing, differing = disagreements(MADE_UP, MADE_UP_REPLIES)
    print("\n".join(["Drafted and expected parents differ:", *differing]))
    assert agreeing >= 12, differing


def test_every_drafted_parent_is_on_the_path_back_from_the_comment_before():
    for document in (SEED, MADE_UP):
        path: list[int] = []
        for line in draft_replies(load_unrecorded(document)):
            assert line.parent is None or line.parent in path, line
            path = [line.number] if line.parent is None else [*path[: path.index(line.parent) + 1], line.number]


def test_each_reason_names_the_signal_that_placed_the_comment():
    reasons = {line.number: line.why for line in draft_replies(load_unrecorded(MADE_UP))}
    assert reasons[1] == "the first comment: opens a thread"
    assert reasons[2] == "names Old Timer (#1)"
    assert reasons[4].startswith("closer to the article (") and reasons[4].endswith("new thread")
    assert reasons[5].startswith("only a link")
    assert reasons[7] == "quotes 'why vote before the numbers are published' from #6"
    assert reasons[10] == "names Jimmy (#9)"
    assert reasons[12].startswith("'Both of you' answers the exchange of #10 and #11")
    seed = {line.number: line.why for line in draft_replies(load_unrecorded(SEED))}
    assert seed[3] == "opens with 'Gee.', an answer to #2"
    assert seed[5].startswith("shares 'invited'") and seed[5].endswith("with #4")
    assert seed[10] == "shares 'waiting' with #9"
    assert seed[11].startswith("goes on with the exchange with Zionism = EVIL")


def test_a_comment_addressing_an_earlier_commenter_is_placed_under_them(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_text(
        "Title\n\nDeck\n\nThe council voted on the bridge.\n\n"
        "Ann Lee\n\nThe bridge vote was rushed.\n\n"
        "Ben\n\nNobody asked the ferry operators about the timetable.\n\n"
        "Cy\n\n@Ann Lee the vote was announced a month ago.\n"
    )
    lines = draft_replies(load_unrecorded(path))
    assert [line.parent for line in lines] == [None, 1, 1]
    assert lines[2].why == "names Ann Lee (#1)"
