from comments.mentions import mention_limit, mentioned_names, mentioned_users
from tests.builders import make_user


def test_names_after_an_at_sign_are_found_in_order_once_each():
    assert mentioned_names("@alice and @bob, then @alice again") == ["alice", "bob"]


def test_sentence_punctuation_after_a_name_is_left_out():
    assert mentioned_names("Thanks @alice. Right, @bob!") == ["alice", "bob"]


def test_an_email_address_is_not_a_mention():
    assert mentioned_names("write to mail@example.com") == []


def test_names_that_fold_to_one_are_one_mention():
    assert mentioned_names("@Alice @ALICE @ａｌｉｃｅ") == ["Alice"]


def test_at_most_the_limit_of_names_is_kept():
    text = " ".join(f"@user{number}" for number in range(mention_limit() * 3))
    assert len(mentioned_names(text)) == mention_limit()


def test_mentions_resolve_to_accounts_as_sign_up_matches_names(db):
    alice = make_user("alice")
    make_user("dormant", is_active=False)
    assert mentioned_users("hello @ALICE, @dormant and @nobody") == [alice]


def test_a_name_ending_in_a_dot_is_found_as_written(db):
    jr = make_user("j.r.")
    assert mentioned_users("what do you say, @j.r.") == [jr]
